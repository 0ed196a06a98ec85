package org.mcptrace.interfaces.web;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import org.mcptrace.application.ClientWorkloadService;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationService;
import org.mcptrace.domain.configuration.ClientWorkload;

/** The Client Workloads screen: the table, its inline active toggle, the editor dialog and deletion. */
@Named
@ViewScoped
public class ClientWorkloads extends WorkloadScreen<ClientWorkload> {

    private static final long serialVersionUID = 1L;

    @Inject
    ClientWorkloadService service;

    /**
     * One redirect URI per line, as the editor shows them. Either list may be empty but not both: the page makes this
     * input required while the client IDs are blank ({@link #isRedirectUrisRequired}), and the service checks again.
     */
    private String redirectUris;
    /** One client ID per line. */
    private String clientIds;

    @Override
    ConfigurationService<ClientWorkload> service() {
        return service;
    }

    @Override
    void prefillNew(Prefill prefill) {
        redirectUris = prefill.getRedirectUri();
        clientIds = prefill.getClientId();
    }

    @Override
    void prefillEdit(Prefill prefill) {
        redirectUris = withLine(redirectUris, prefill.getAddRedirectUri());
        clientIds = withLine(clientIds, prefill.getAddClientId());
    }

    /** The lines with {@code added} as the last one, unless it is blank or already there. */
    private static String withLine(String lines, String added) {
        if (added == null || added.isBlank() || (lines != null && lines.lines().toList().contains(added))) {
            return lines;
        }
        return lines == null || lines.isBlank() ? added : lines + "\n" + added;
    }

    @Override
    void clear() {
        super.clear();
        redirectUris = null;
        clientIds = null;
    }

    @Override
    void fill(ClientWorkload workload) {
        super.fill(workload);
        redirectUris = String.join("\n", workload.getRedirectUris());
        clientIds = String.join("\n", workload.getClientIds());
    }

    @Override
    ClientWorkload create(String name, boolean active) {
        return service.create(name, getDescription(), lines(redirectUris), lines(clientIds), active);
    }

    @Override
    ClientWorkload update(long id, Integer version, String name, boolean active) {
        return service.update(id, version, name, getDescription(), lines(redirectUris), lines(clientIds), active);
    }

    /** Faces validation: the redirect URIs' own rules, checked with the other inputs' (required, length). */
    public void checkRedirectUris(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Messages.check(() -> ClientWorkloadService.redirectUris(lines(text)));
        }
    }

    /**
     * Whether the redirect URIs are required: when the client IDs sent with them are blank. Read from the request, as
     * Faces validates one input before the next one's value reaches the bean; so an empty form shows this problem
     * beside every other one.
     */
    public boolean isRedirectUrisRequired() {
        String sent = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap()
                .get("editorForm:clientIds");
        return sent == null || sent.isBlank();
    }

    public String getRedirectUrisRequiredMessage() {
        return ConfigurationChanges.REDIRECT_URIS_REQUIRED;
    }

    /** Faces validation: the client IDs' own rules. */
    public void checkClientIds(FacesContext context, UIComponent input, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            Messages.check(() -> ClientWorkloadService.clientIds(lines(text)));
        }
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
    }

    public String getRedirectUris() {
        return redirectUris;
    }

    public void setRedirectUris(String redirectUris) {
        this.redirectUris = redirectUris;
    }

    public String getClientIds() {
        return clientIds;
    }

    public void setClientIds(String clientIds) {
        this.clientIds = clientIds;
    }
}
