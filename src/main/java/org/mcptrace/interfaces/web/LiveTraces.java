package org.mcptrace.interfaces.web;

import jakarta.enterprise.event.Event;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.faces.context.FacesContext;
import org.mcptrace.application.AuthorizationReported;
import org.mcptrace.application.ClientMetadataVerdicts;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.application.TrafficRate;
import org.mcptrace.application.Tracing;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientMetadataVerdict;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.Decision;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.FindingCode;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.Change;
import org.mcptrace.domain.trace.QuickFix;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.interfaces.push.LiveTracesPush;
import org.primefaces.PrimeFaces;
import org.primefaces.event.ToggleEvent;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.Visibility;

/**
 * The tracing screen: a window over the live buffer, newest first, re-read whenever the console is told of new
 * entries. Filters live in the URL; a paused view is pinned to the sequence it was paused at, so rows never move
 * under the operator's cursor while new entries are only counted.
 */
@Named
@ViewScoped
public class LiveTraces implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String GRID = "traces:grid";

    @Inject
    transient org.mcptrace.application.Caller caller;

    @Inject
    transient LiveBuffer buffer;

    @Inject
    transient Tracing tracing;

    @Inject
    transient TrafficRate rate;

    @Inject
    transient Event<AuthorizationReported> reported;

    @Inject
    transient LiveTracesPush push;

    @Inject
    transient ClientMetadataVerdicts clientMetadata;

    // this screen's own address on the push channel: each console is sent the rows its filter selects
    private final String viewKey = UUID.randomUUID().toString();
    private transient FacesContext upToRequest;
    private transient TraceFilter upToFilter;
    private transient long upTo;

    private final Entries entries = new Entries();

    // filters, bound to URL parameters
    private String severity;
    private String decision;
    private String clientWorkload;
    private String serverWorkload;
    private String q;

    private long pausedAt = Long.MAX_VALUE;

    private transient LiveBuffer.Census census;
    private transient long censusAppended;
    private transient long censusUpTo;
    private transient TraceFilter censusFilter;
    private String pausedBecause;
    private final Set<String> expanded = new HashSet<>();

    // re-evaluation and dry run results, shown in dialogs
    private TraceEntry original;
    private TraceEntry reEvaluation;
    private String dryRedirectUri;
    private String dryResource;
    private String dryClientId;
    private TraceEntry dryRunResult;

    public LazyDataModel<TraceEntry> getEntries() {
        return entries;
    }

    TraceFilter filter() {
        return new TraceFilter(parse(severity, Severity.class), clientWorkload, serverWorkload, parse(decision, Decision.class), q);
    }

    private static <E extends Enum<E>> Set<E> parse(String values, Class<E> type) {
        Set<E> parsed = EnumSet.noneOf(type);
        if (values != null) {
            for (String part : values.split(",")) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(part.strip())) {
                        parsed.add(constant);
                    }
                }
            }
        }
        return parsed;
    }

    // ---- filters

    public List<String> getSeverities() {
        return parse(severity, Severity.class).stream().map(Enum::name).toList();
    }

    public void setSeverities(List<String> values) {
        severity = values == null || values.isEmpty() ? null : String.join(",", values);
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = blank(severity);
    }

    public String getDecision() {
        return decision;
    }

    public void setDecision(String decision) {
        this.decision = blank(decision);
    }

    public String getClientWorkload() {
        return clientWorkload;
    }

    public void setClientWorkload(String clientWorkload) {
        this.clientWorkload = blank(clientWorkload);
    }

    public String getServerWorkload() {
        return serverWorkload;
    }

    public void setServerWorkload(String serverWorkload) {
        this.serverWorkload = blank(serverWorkload);
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = blank(q);
    }

    public List<String> getClientWorkloadNames() {
        return new ArrayList<>(new TreeSet<>(tracing.snapshot().clients().stream().map(ClientWorkloadSnapshot::name).toList()));
    }

    public List<String> getServerWorkloadNames() {
        return new ArrayList<>(new TreeSet<>(tracing.snapshot().servers().stream().map(ServerWorkloadSnapshot::name).toList()));
    }

    public void clearFilters() {
        severity = null;
        decision = null;
        clientWorkload = null;
        serverWorkload = null;
        q = null;
    }

    /** The filters as a query string, so the browser can keep its address shareable. */
    public String getQueryString() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("severity", severity);
        params.put("decision", decision);
        params.put("clientWorkload", clientWorkload);
        params.put("serverWorkload", serverWorkload);
        params.put("q", q);
        return params.entrySet().stream().filter(param -> param.getValue() != null)
                .map(param -> param.getKey() + "=" + enc(param.getValue())).collect(Collectors.joining("&"));
    }

    public String exportLink(String format) {
        String query = getQueryString();
        return "api/v1/traces/export?format=" + format + (query.isEmpty() ? "" : "&" + query);
    }

    // ---- counts

    public int getBuffered() {
        return buffer.size();
    }

    public int getCapacity() {
        return buffer.capacity();
    }

    public int getShown() {
        return census().matching();
    }

    public int getHidden() {
        return census().held() - census().matching();
    }

    public long[] getTally() {
        return census().bySeverity();
    }

    /**
     * One scan of the buffer serves the grid's count, the counters and the summary of a refresh; it is taken again
     * only when an entry arrived, the filter changed or the view was paused or resumed.
     */
    private LiveBuffer.Census census() {
        TraceFilter filter = filter();
        long appended = buffer.totalAppended();
        long upTo = upTo();
        if (census == null || censusAppended != appended || censusUpTo != upTo || !filter.equals(censusFilter)) {
            census = buffer.census(filter, upTo);
            censusAppended = appended;
            censusUpTo = upTo;
            censusFilter = filter;
        }
        return census;
    }

    /**
     * The highest sequence this request shows: where the view was paused, or what the push has sent this console so
     * far (newer entries reach the page through the push, so the grid and the push never show one twice or skip one).
     * Taken once per request, so the rows, the counters and the summary agree.
     */
    public long upTo() {
        FacesContext request = FacesContext.getCurrentInstance();
        TraceFilter filter = filter();
        if (request == null || request != upToRequest || !filter.equals(upToFilter)) {
            long sent = push.showing(viewKey, filter, isPaused());
            upTo = isPaused() ? pausedAt : sent;
            upToRequest = request;
            upToFilter = filter;
        }
        return upTo;
    }

    public String getViewKey() {
        return viewKey;
    }

    // ---- pause

    public boolean isPaused() {
        return pausedAt != Long.MAX_VALUE;
    }

    public String getPausedBecause() {
        return pausedBecause;
    }

    public void pause() {
        pauseBecause("paused");
    }

    public void pauseBecause(String reason) {
        if (!isPaused()) {
            // hold exactly what the page shows: the rows pushed to it so far
            pausedAt = push.showing(viewKey, filter(), true);
            upToRequest = null;
        }
        pausedBecause = reason;
    }

    /** The remote command's entry point; the reason comes from the page (a scroll, an open row). */
    public void autoPause() {
        String reason = jakarta.faces.context.FacesContext.getCurrentInstance().getExternalContext()
                .getRequestParameterMap().get("reason");
        pauseBecause("row".equals(reason) ? "held while a row is open" : "held while you scroll");
    }

    public void togglePause() {
        if (isPaused()) {
            resume();
        } else {
            pause();
        }
    }

    public void resume() {
        pausedAt = Long.MAX_VALUE;
        pausedBecause = null;
        upToRequest = null;
    }

    public int getNewWhilePaused() {
        return isPaused() ? buffer.count(filter(), pausedAt) : 0;
    }

    // ---- rows

    public boolean isExpanded(TraceEntry entry) {
        return entry != null && expanded.contains(entry.getId());
    }

    public void rowToggled(ToggleEvent event) {
        if (event.getData() instanceof TraceEntry entry) {
            if (event.getVisibility() == Visibility.VISIBLE) {
                expanded.add(entry.getId());
                pauseBecause("held while a row is open");
            } else {
                expanded.remove(entry.getId());
            }
        }
    }

    /** The resolution steps in order, each with its findings, for the "Why?" panel. */
    public List<Step> steps(TraceEntry entry) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("1. Is the request well formed?", new ArrayList<>()));
        steps.add(new Step("2. Redirect URI → Client Workload", new ArrayList<>()));
        steps.add(new Step("2a. Client ID → Client Workload", new ArrayList<>()));
        steps.add(new Step("3. Resource → Server Workload", new ArrayList<>()));
        steps.add(new Step("4. Access Policy", new ArrayList<>()));
        for (Finding finding : entry.getFindings()) {
            String code = finding.code().name();
            int step = code.startsWith("REDIRECT_URI_") || code.startsWith("RESOURCE_") ? 0
                    : isClientIdStep(finding.code()) ? 2 : code.startsWith("CLIENT_") ? 1
                    : code.startsWith("SERVER_") ? 3 : 4;
            steps.get(step).findings().add(finding);
        }
        if (steps.get(0).findings().isEmpty()) {
            steps.set(0, new Step(steps.get(0).title(), steps.get(0).findings(), "Redirect URI and resource are well formed."));
        }
        if (steps.get(1).findings().isEmpty() && entry.getClientWorkload() != null) {
            steps.set(1, new Step(steps.get(1).title(), steps.get(1).findings(), "The client ID decided (step 2a)."));
        }
        if (steps.get(2).findings().isEmpty()) {
            steps.set(2, new Step(steps.get(2).title(), steps.get(2).findings(), entry.getClientId() == null
                    ? "The request has no client_id." : "No Client Workload registers this client ID."));
        }
        return steps;
    }

    /** The latest verdict on the entry's client metadata document, whenever the entry was made; null: not checked. */
    public ClientMetadataVerdict clientMetadata(TraceEntry entry) {
        return clientMetadata.latest(entry.getClientId());
    }

    public String clientMetadataStatus(ClientMetadataVerdict verdict) {
        return switch (verdict.status()) {
            case PENDING -> "Not fetched yet";
            case UNREACHABLE -> "Unreachable";
            case INVALID -> "Invalid";
            case VALID -> "Valid";
        };
    }

    /** Step 2a's findings: what the client ID decided or why it did not count. */
    private static boolean isClientIdStep(FindingCode code) {
        String name = code.name();
        return code == FindingCode.CLIENT_MATCHED_BY_CLIENT_ID || code == FindingCode.CLIENT_REDIRECT_URI_NOT_REGISTERED
                || code == FindingCode.CLIENT_CONFLICT || name.startsWith("CLIENT_ID_")
                || name.startsWith("CLIENT_METADATA_");
    }

    public List<Highlight> compare(TraceEntry entry, NearMiss miss, Finding finding) {
        String presented = finding.code() == FindingCode.CLIENT_ID_NOT_REGISTERED ? entry.getClientId()
                : finding.code().name().startsWith("CLIENT_") ? entry.getRedirectUri() : entry.getResource();
        return Highlight.pair(presented == null ? "" : presented, miss.registered());
    }

    public String differences(NearMiss miss) {
        return String.join(", ", miss.differences().stream().map(d -> d.name()).toList());
    }

    public List<QuickFix> fixes(TraceEntry entry) {
        return QuickFix.forEntry(entry);
    }

    /** The editor a fix opens, prefilled; the editor saves nothing until the operator confirms. */
    public String fixLink(TraceEntry entry, QuickFix fix) {
        String filters = getQueryString();
        return target(entry, fix) + "&trace=" + enc(entry.getId()) + (filters.isEmpty() ? "" : "&from=" + enc(filters));
    }

    private static String target(TraceEntry entry, QuickFix fix) {
        return switch (fix.kind()) {
            case ADD_REDIRECT_URI -> "client-workloads.xhtml?edit=" + fix.targetId() + "&addRedirectUri=" + enc(fix.value());
            case ADD_CLIENT_ID -> "client-workloads.xhtml?edit=" + fix.targetId() + "&addClientId=" + enc(fix.value());
            case CREATE_CLIENT_WORKLOAD_BY_CLIENT_ID -> "client-workloads.xhtml?create=true&clientId=" + enc(fix.value())
                    + "&redirectUri=" + enc(entry.getRedirectUri());
            case CREATE_CLIENT_WORKLOAD -> "client-workloads.xhtml?create=true&redirectUri=" + enc(fix.value());
            case ACTIVATE_CLIENT_WORKLOAD -> "client-workloads.xhtml?edit=" + fix.targetId() + "&activate=true";
            case CREATE_SERVER_WORKLOAD -> "server-workloads.xhtml?create=true&resourceUrl=" + enc(fix.value());
            case SET_RESOURCE_URL -> "server-workloads.xhtml?edit=" + fix.targetId() + "&resourceUrl=" + enc(fix.value());
            case ACTIVATE_SERVER_WORKLOAD -> "server-workloads.xhtml?edit=" + fix.targetId() + "&activate=true";
            case CREATE_ACCESS_POLICY -> "access-policies.xhtml?create=true&clientWorkloadId=" + fix.clientWorkloadId()
                    + "&serverWorkloadId=" + fix.serverWorkloadId();
            case ACTIVATE_ACCESS_POLICY -> "access-policies.xhtml?edit=" + fix.targetId() + "&activate=true";
        };
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    // ---- re-evaluate and dry run

    public void reEvaluate(TraceEntry entry) {
        // a re-evaluation adds an entry to everyone's live view: an operator action, like a quick fix
        caller.requireOperator();
        TraceEntry current = entry == null ? null : buffer.byId(entry.getId()).orElse(entry);
        if (current == null) {
            return;
        }
        AuthorizationReported event = AuthorizationReported.reEvaluation(current);
        reported.fire(event);
        original = current;
        reEvaluation = event.entry();
    }

    private String reEvaluateParam;
    private boolean compareOpen;

    public String getReEvaluate() {
        return reEvaluateParam;
    }

    public void setReEvaluate(String id) {
        this.reEvaluateParam = id;
    }

    /** Coming back from an editor a quick fix opened: re-evaluate the entry at once and show what changed. */
    public void reEvaluateRequested() {
        // a viewer's link from an editor only shows the view: a re-evaluation adds an entry to everyone's live view
        if (reEvaluateParam == null || jakarta.faces.context.FacesContext.getCurrentInstance().isPostback()
                || !caller.isOperator()) {
            return;
        }
        buffer.byId(reEvaluateParam).ifPresent(entry -> {
            reEvaluate(entry);
            compareOpen = true;
        });
    }

    public boolean isCompareOpen() {
        return compareOpen;
    }

    public TraceEntry getOriginal() {
        return original;
    }

    public TraceEntry getReEvaluation() {
        return reEvaluation;
    }

    public List<Change> getChanges() {
        return original == null || reEvaluation == null ? List.of() : Change.between(original, reEvaluation);
    }

    public String getDryRedirectUri() {
        return dryRedirectUri;
    }

    public void setDryRedirectUri(String dryRedirectUri) {
        this.dryRedirectUri = dryRedirectUri;
    }

    public String getDryResource() {
        return dryResource;
    }

    public void setDryResource(String dryResource) {
        this.dryResource = dryResource;
    }

    public String getDryClientId() {
        return dryClientId;
    }

    public void setDryClientId(String dryClientId) {
        this.dryClientId = dryClientId;
    }

    public TraceEntry getDryRunResult() {
        return dryRunResult;
    }

    public void dryRun() {
        AuthorizationReport report = new AuthorizationReport(java.time.Instant.now(), null, null, null,
                AuthorizationRequest.of(blank(dryRedirectUri), blank(dryResource), blank(dryClientId)));
        AuthorizationReported event = AuthorizationReported.dryRun(report);
        reported.fire(event);
        dryRunResult = event.entry();
    }

    // ---- chart

    /** Chart.js configuration: requests per second by severity over the last five minutes, stacked. */
    public String getChartJson() {
        String[] series = series();
        return "{\"type\":\"bar\",\"data\":{\"labels\":" + series[0] + ",\"datasets\":["
                + dataset(Severity.INFO.word(), "#2f9e44", series[1]) + "," + dataset(Severity.WARNING.word(), "#e0a800", series[2])
                + "," + dataset(Severity.ERROR.word(), "#d92d20", series[3]) + "]},\"options\":{\"animation\":false,\"maintainAspectRatio\":false,"
                + "\"plugins\":{\"legend\":{\"position\":\"right\"},\"tooltip\":{\"enabled\":false}},"
                + "\"scales\":{\"x\":{\"stacked\":true,\"grid\":{\"display\":false},\"ticks\":{\"autoSkip\":false,\"maxRotation\":0}},"
                + "\"y\":{\"stacked\":true,\"beginAtZero\":true,\"title\":{\"display\":true,\"text\":\"requests/s\"}}}}}";
    }

    /**
     * The chart's data alone, for the page to put into the chart it has: re-rendering the component made the browser
     * parse new markup and build a new Chart.js chart every two seconds per console (docs/performance.md).
     */
    public void refreshChart() {
        String[] series = series();
        PrimeFaces.current().ajax().addCallbackParam("rate", "{\"labels\":" + series[0] + ",\"data\":[" + series[1] + ","
                + series[2] + "," + series[3] + "]}");
    }

    /** The labels and the Info, Warning and Error counts per second of the last five minutes, as JSON arrays. */
    private String[] series() {
        long now = System.currentTimeMillis() / 1000;
        long[][] series = rate.lastSeconds(now, 300);
        StringBuilder labels = new StringBuilder("[");
        StringBuilder[] data = {new StringBuilder("["), new StringBuilder("["), new StringBuilder("[")};
        for (int i = 0; i < series.length; i++) {
            String sep = i == 0 ? "" : ",";
            long ago = series.length - 1 - i;
            labels.append(sep).append('"').append(ago == 0 ? "now" : ago % 60 == 0 ? "-" + ago / 60 + "m" : "").append('"');
            for (int s = 0; s < 3; s++) {
                data[s].append(sep).append(series[i][s]);
            }
        }
        return new String[] {labels.append(']').toString(), data[0].append(']').toString(), data[1].append(']').toString(),
                data[2].append(']').toString()};
    }

    private static String dataset(String label, String colour, String data) {
        return "{\"label\":\"" + label + "\",\"backgroundColor\":\"" + colour + "\",\"barPercentage\":1.0,"
                + "\"categoryPercentage\":1.0,\"data\":" + data + "}";
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A resolution step and what it found; a class because Facelets cannot read records. */
    public record Step(String title, List<Finding> findings, String note) {
        Step(String title, List<Finding> findings) {
            this(title, findings, null);
        }

        public String getTitle() {
            return title;
        }

        public List<Finding> getFindings() {
            return findings;
        }

        public String getNote() {
            return note;
        }
    }

    /** The lazy model reads only the page it shows, so a full buffer never means rendering 10,000 rows. */
    final class Entries extends LazyDataModel<TraceEntry> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return census().matching();
        }

        @Override
        public List<TraceEntry> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return buffer.newest(filter(), first, pageSize, upTo());
        }

        @Override
        public String getRowKey(TraceEntry entry) {
            return entry.getId();
        }

        @Override
        public TraceEntry getRowData(String rowKey) {
            return buffer.byId(rowKey).orElse(null);
        }

        /**
         * Rows arrive in the page through the push, so the grid's own page data can be older than what the operator
         * clicked: a row being opened or closed is taken by the key it carries, never by its position on the page.
         */
        @Override
        public TraceEntry getRowData() {
            TraceEntry toggled = toggled();
            return toggled != null ? toggled : super.getRowData();
        }

        @Override
        public boolean isRowAvailable() {
            return toggled() != null || super.isRowAvailable();
        }

        private TraceEntry toggled() {
            FacesContext context = FacesContext.getCurrentInstance();
            if (context == null) {
                return null;
            }
            Map<String, String> params = context.getExternalContext().getRequestParameterMap();
            String key = params.get(GRID + "_expandedRowKey");
            if (key == null) {
                key = params.get(GRID + "_collapsedRowKey");
            }
            return key == null ? null : buffer.byId(key).orElse(null);
        }
    }
}
