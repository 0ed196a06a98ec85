package org.mcptrace.interfaces.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.resolution.Finding;
import org.mcptrace.domain.resolution.FindingCode;
import org.mcptrace.domain.resolution.NearMiss;
import org.mcptrace.domain.resolution.Severity;
import org.mcptrace.domain.trace.TraceEntry;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/** The tracing screen: a window over the live buffer, newest first, re-read whenever the console is told of new entries. */
@Named
@ViewScoped
public class LiveTraces implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient LiveBuffer buffer;

    private final Entries entries = new Entries();

    public LazyDataModel<TraceEntry> getEntries() {
        return entries;
    }

    public int getBuffered() {
        return buffer.size();
    }

    public int getCapacity() {
        return buffer.capacity();
    }

    public String word(Severity severity) {
        return switch (severity) {
            case INFO -> "Info";
            case WARNING -> "Warning";
            case ERROR -> "Error";
        };
    }

    /** What the policy cell says when no policy was matched: why it is missing, or why it was not looked for. */
    public String policyExplanation(TraceEntry entry) {
        for (Finding finding : entry.getFindings()) {
            if (finding.code() == FindingCode.POLICY_MISSING || finding.code() == FindingCode.POLICY_NOT_EVALUATED) {
                return finding.message();
            }
        }
        return "";
    }

    public String differences(NearMiss miss) {
        return String.join(", ", miss.differences().stream().map(d -> d.name()).toList());
    }

    public List<Finding> findings(TraceEntry entry) {
        return entry.getFindings();
    }

    /** The lazy model reads only the page it shows, so a full buffer never means rendering 10,000 rows. */
    final class Entries extends LazyDataModel<TraceEntry> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return buffer.count(TraceFilter.ALL, 0);
        }

        @Override
        public List<TraceEntry> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return buffer.newest(TraceFilter.ALL, first, pageSize);
        }

        @Override
        public String getRowKey(TraceEntry entry) {
            return entry.getId();
        }

        @Override
        public TraceEntry getRowData(String rowKey) {
            return buffer.byId(rowKey).orElse(null);
        }
    }
}
