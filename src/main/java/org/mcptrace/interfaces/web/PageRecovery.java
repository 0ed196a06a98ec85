package org.mcptrace.interfaces.web;

import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A page whose request fails loads itself again, with a note saying so, instead of ending blank or on an error page.
 * <ul>
 * <li>A postback (ajax or not) for a view this server does not hold: the node that rendered the page died or was
 * restarted and another node took the session over, or the view expired. Views live on the node that rendered them
 * (server-side state saving; the session follows the operator to another node, the page's component state does not),
 * so a fresh render of the same page is what a failover costs the page open at the time.</li>
 * <li>Any other failure of an ajax request: it is logged, and the page is loaded again. Left to Faces, the page would
 * get an error it ignores (a dead button) or be sent to the error page, which an ajax request cannot show.</li>
 * </ul>
 * A failure of a whole-page request still ends on web.xml's error page, with status 500. The note is the session
 * attribute {@value #RELOADED} ({@code expired} or {@code failed}), which the layout shows once ({@link ReloadNote}).
 */
public class PageRecovery extends ExceptionHandlerFactory {

    public static final String RELOADED = "mcptrace.reloaded";
    private static final Logger LOG = Logger.getLogger(PageRecovery.class.getName());

    public PageRecovery(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return new Reload(getWrapped().getExceptionHandler());
    }

    static final class Reload extends ExceptionHandlerWrapper {

        Reload(ExceptionHandler wrapped) {
            super(wrapped);
        }

        @Override
        public void handle() {
            FacesContext context = FacesContext.getCurrentInstance();
            String reason = null;
            String viewId = null;
            for (Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator(); events.hasNext();) {
                Throwable failure = events.next().getContext().getException();
                ViewExpiredException expired = expired(failure);
                if (expired == null && !context.getPartialViewContext().isAjaxRequest()) {
                    continue;
                }
                if (context.getExternalContext().isResponseCommitted()) {
                    // too late to answer anything else; Faces' own handling says what it can
                    break;
                }
                events.remove();
                if (expired != null) {
                    LOG.log(Level.FINE, "postback for a view this server does not hold, page reloaded: {0}",
                            expired.getViewId());
                    reason = reason == null ? "expired" : reason;
                    viewId = expired.getViewId();
                } else {
                    LOG.log(Level.SEVERE, "MCPTRACE-0048E: a console request failed; the page was loaded again", failure);
                    reason = "failed";
                }
            }
            if (reason != null) {
                if (viewId == null && context.getViewRoot() != null) {
                    viewId = context.getViewRoot().getViewId();
                }
                reload(context, viewId == null ? "/index.xhtml" : viewId, reason);
            }
            getWrapped().handle();
        }

        private static ViewExpiredException expired(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof ViewExpiredException expired) {
                    return expired;
                }
            }
            return null;
        }
    }

    /**
     * Sends the browser to the same page: a redirect, for an ajax request in a partial response of its own, so that
     * the page's script navigates. It is written afresh because a failure while rendering leaves Faces' partial
     * response half written. The query of the page's address is kept (the tracing screen's filters live there);
     * only our own path is ever used.
     */
    static void reload(FacesContext context, String viewId, String reason) {
        ExternalContext external = context.getExternalContext();
        String url = context.getApplication().getViewHandler().getActionURL(context, viewId);
        String query = query(external.getRequestHeaderMap().get("Referer"), url,
                external.getRequestContextPath() + "/");
        String target = external.encodeRedirectURL(query == null ? url : url + "?" + query, null);
        try {
            ((HttpServletResponse) external.getResponse()).resetBuffer();
            external.getSessionMap().put(RELOADED, reason);
            if (context.getPartialViewContext().isAjaxRequest()) {
                external.setResponseContentType("text/xml");
                external.setResponseCharacterEncoding("UTF-8");
                external.addResponseHeader("Cache-Control", "no-cache");
                external.getResponseOutputWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<partial-response><redirect url=\"" + attribute(target) + "\"/></partial-response>");
            } else {
                external.redirect(target);
            }
            context.responseComplete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The query of the page the request came from, when that page is the one being reloaded. */
    static String query(String referer, String path, String root) {
        if (referer == null) {
            return null;
        }
        try {
            URI page = new URI(referer);
            String at = page.getRawPath();
            boolean same = path.equals(at) || (path.endsWith("/index.xhtml") && root.equals(at));
            return same ? page.getRawQuery() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
