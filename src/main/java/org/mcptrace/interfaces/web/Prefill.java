package org.mcptrace.interfaces.web;

import jakarta.faces.context.FacesContext;
import java.io.Serializable;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mcptrace.domain.access.Role;

/**
 * What a quick fix on the tracing screen asks an editor to show: the view parameters of a configuration screen. The
 * editor opens prefilled and saves nothing until the operator confirms; {@code trace} names the entry to
 * re-evaluate afterwards, {@code from} the tracing screen's filters to return to.
 */
public class Prefill implements Serializable {

    private static final long serialVersionUID = 1L;

    private boolean create;
    private Long edit;
    private String redirectUri;
    private String addRedirectUri;
    private String clientId;
    private String addClientId;
    private String resourceUrl;
    private boolean activate;
    private Long clientWorkloadId;
    private Long serverWorkloadId;
    private String trace;
    private String from;

    private boolean editorOpen;

    /**
     * Fills the editor when a quick fix asked for it, and opens it with the page. Only the first GET applies the
     * parameters; postbacks of the same view must not reapply them. A viewer gets no editor: it could save nothing.
     */
    void apply(Runnable fillEditor) {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (isRequested() && !faces.isPostback() && isOperator(faces)) {
            fillEditor.run();
            editorOpen = true;
        }
    }

    private static boolean isOperator(FacesContext faces) {
        return faces.getExternalContext().isUserInRole(Role.OPERATOR_ROLE);
    }

    /** Whether the editor opens with the page. */
    public boolean isEditorOpen() {
        return editorOpen;
    }

    public boolean isRequested() {
        return create || edit != null;
    }

    public boolean isCreate() {
        return create;
    }

    public void setCreate(boolean create) {
        this.create = create;
    }

    public Long getEdit() {
        return edit;
    }

    public void setEdit(Long edit) {
        this.edit = edit;
    }

    public String getRedirectUri() {
        return redirectUri;
    }

    public void setRedirectUri(String redirectUri) {
        this.redirectUri = redirectUri;
    }

    public String getAddRedirectUri() {
        return addRedirectUri;
    }

    public void setAddRedirectUri(String addRedirectUri) {
        this.addRedirectUri = addRedirectUri;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getAddClientId() {
        return addClientId;
    }

    public void setAddClientId(String addClientId) {
        this.addClientId = addClientId;
    }

    public String getResourceUrl() {
        return resourceUrl;
    }

    public void setResourceUrl(String resourceUrl) {
        this.resourceUrl = resourceUrl;
    }

    public boolean isActivate() {
        return activate;
    }

    public void setActivate(boolean activate) {
        this.activate = activate;
    }

    public Long getClientWorkloadId() {
        return clientWorkloadId;
    }

    public void setClientWorkloadId(Long clientWorkloadId) {
        this.clientWorkloadId = clientWorkloadId;
    }

    public Long getServerWorkloadId() {
        return serverWorkloadId;
    }

    public void setServerWorkloadId(Long serverWorkloadId) {
        this.serverWorkloadId = serverWorkloadId;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    /** Back to the tracing screen as the operator left it, re-evaluating the entry the fix came from. */
    public String getReEvaluateLink() {
        return getBackLink() + (from == null || from.isBlank() ? "" : "&") + "reEvaluate=" + encoded(trace);
    }

    /** Back to the tracing screen as the operator left it: only the filters it knows, each encoded again. */
    public String getBackLink() {
        StringBuilder query = new StringBuilder();
        for (String pair : from == null ? new String[0] : from.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && FILTERS.contains(pair.substring(0, equals))) {
                query.append(query.length() == 0 ? "" : "&").append(pair, 0, equals).append('=')
                        .append(encoded(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)));
            }
        }
        return "index.xhtml?" + query;
    }

    private static final List<String> FILTERS = List.of("severity", "decision", "clientWorkload", "serverWorkload", "q");

    private static String encoded(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    public String getTrace() {
        return trace;
    }

    public void setTrace(String trace) {
        this.trace = trace;
    }
}
