package org.mcptrace.interfaces.web;

import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.PhaseEvent;
import jakarta.faces.event.PhaseId;
import jakarta.faces.event.PhaseListener;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A page's view belongs to the server that rendered it, in this start of the application: a postback for a view
 * rendered anywhere else loads the page afresh ({@link PageRecovery}) instead of acting on half of it.
 *
 * <p>With sessions in the database another node restores such a view: MyFaces keeps the component state in a session
 * attribute that reads back anywhere, while the view-scoped beans (the screen's own state, the live screen's push key)
 * are in an attribute Liberty cannot read back on another node (docs/deployment.md). Acting on the restored tree with
 * fresh beans would, say, save an editor's input into a new object, or leave the live screen pushed under a key its
 * socket does not have. Each view's map (view scope, like those beans) holds this start's id from its first render, and
 * a postback checks it: on another node, or after a restart, the map comes back without it.</p>
 */
public class ViewOrigin implements PhaseListener {

    private static final long serialVersionUID = 1L;
    static final String RENDERED_BY = "org.mcptrace.renderedBy";
    // one per start: a restarted node no longer has the view-scoped beans either
    private static final String THIS_START = UUID.randomUUID().toString();
    private static final Logger LOG = Logger.getLogger(ViewOrigin.class.getName());

    @Override
    public PhaseId getPhaseId() {
        return PhaseId.ANY_PHASE;
    }

    @Override
    public void beforePhase(PhaseEvent event) {
        UIViewRoot view = event.getFacesContext().getViewRoot();
        if (event.getPhaseId() == PhaseId.RENDER_RESPONSE && view != null
                && !THIS_START.equals(view.getViewMap().get(RENDERED_BY))) {
            view.getViewMap().put(RENDERED_BY, THIS_START);
        }
    }

    @Override
    public void afterPhase(PhaseEvent event) {
        FacesContext context = event.getFacesContext();
        UIViewRoot view = context.getViewRoot();
        if (event.getPhaseId() == PhaseId.RESTORE_VIEW && view != null && context.isPostback()
                && !context.getResponseComplete() && !THIS_START.equals(view.getViewMap().get(RENDERED_BY))) {
            LOG.log(Level.FINE, "postback for a view another server rendered, page reloaded: {0}", view.getViewId());
            PageRecovery.reload(context, view.getViewId(), "expired");
        }
    }
}
