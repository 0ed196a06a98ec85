package org.mcptrace.interfaces.web;

import jakarta.faces.context.FacesContext;
import java.io.Serializable;

/**
 * What a quick fix on the tracing screen asks an editor to show: the view parameters of a configuration screen. The
 * editor opens prefilled and saves nothing until the operator confirms; {@code trace} names the entry to
 * re-evaluate afterwards.
 */
public class Prefill implements Serializable {

    private static final long serialVersionUID = 1L;

    private boolean create;
    private Long edit;
    private String redirectUri;
    private String addRedirectUri;
    private String resourceUrl;
    private boolean activate;
    private Long clientWorkloadId;
    private Long serverWorkloadId;
    private String trace;

    private boolean editorOpen;

    /**
     * Fills the editor when a quick fix asked for it, and opens it with the page. Only the first GET applies the
     * parameters; postbacks of the same view must not reapply them.
     */
    void apply(Runnable fillEditor) {
        if (isRequested() && !FacesContext.getCurrentInstance().isPostback()) {
            fillEditor.run();
            editorOpen = true;
        }
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

    public String getTrace() {
        return trace;
    }

    public void setTrace(String trace) {
        this.trace = trace;
    }
}
