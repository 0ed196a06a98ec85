package org.mcptrace.infrastructure.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.application.Ingested;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.TraceIds;
import org.mcptrace.application.Tracing;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Makes every node's live buffer hold every node's entries. A node joins the cluster when MCPTRACE_CLUSTER_KEY is set
 * and the configuration database is PostgreSQL (its nodes share that database, which is also how they find each
 * other); otherwise it is one node, as by default, and none of this runs.
 *
 * <p>Entries this node resolves are queued (never waiting: a full queue drops and counts) and one sender thread sends
 * whatever has gathered as one message, so under load a message carries many entries and at rest one entry goes out
 * at once. Entries from other nodes are adopted into the buffer in the order their node sent them; a joining node
 * first takes a member's whole buffer. Entries stay in memory only.
 */
@ApplicationScoped
public class LiveFanOut {

    static final String CLUSTER = "mcptrace";
    static final int BATCH = 256;
    static final int OUTBOX = 100_000;
    private static final Logger LOG = Logger.getLogger(LiveFanOut.class.getName());

    @Resource(lookup = "jdbc/mcptrace")
    DataSource dataSource;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Tracing tracing;

    @Inject
    LiveBuffer buffer;

    @Inject
    @ConfigProperty(name = "mcptrace.cluster.key")
    Optional<String> key;

    @Inject
    @ConfigProperty(name = "mcptrace.cluster.bind", defaultValue = "127.0.0.1")
    String bind;

    @Inject
    @ConfigProperty(name = "mcptrace.cluster.port", defaultValue = "7800")
    int port;

    @Inject
    @ConfigProperty(name = "mcptrace.node.name")
    Optional<String> nodeName;

    private final BlockingQueue<TraceEntry> outbox = new ArrayBlockingQueue<>(OUTBOX);
    // ids adopted lately: an entry that reached this node both in the joining state and in a message is taken once
    private final Map<String, Boolean> adopted = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > buffer.capacity();
        }
    };
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lagMillis;
    private volatile boolean enabled;
    private volatile boolean running;
    private volatile String problem;
    private volatile ClusterChannel channel;
    private volatile List<String> members = List.of();
    private Thread sender;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (key.filter(k -> !k.isBlank()).isEmpty()) {
            return;
        }
        // asked here, not of ConfigurationNotices, which may not have started yet
        if (!ConfigurationNotices.isPostgres(dataSource)) {
            LOG.warning("MCPTRACE-0034W: MCPTRACE_CLUSTER_KEY is set but the configuration database is not PostgreSQL;"
                    + " nodes share configuration and find each other through PostgreSQL, so this node runs alone");
            return;
        }
        enabled = true;
        running = true;
        problem = "joining";
        sender = threads.newThread(this::joinAndSend);
        sender.setName("mcptrace-cluster-fan-out");
        sender.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
        ClusterChannel current = channel;
        if (current != null) {
            current.close();
        }
    }

    void ingested(@Observes @Ingested TraceEntry entry) {
        if (enabled && !outbox.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    private void joinAndSend() {
        try {
            ClusterChannel.Settings settings = new ClusterChannel.Settings(CLUSTER, node(), key.orElseThrow(),
                    InetAddress.getByName(bind), port);
            channel = ClusterChannel.connect(settings, dataSource, new ClusterChannel.Node() {
                @Override
                public void received(List<TraceEntry> entries, String from) {
                    adopt(entries, !"state transfer".equals(from));
                }

                @Override
                public List<TraceEntry> state() {
                    return buffer.after(0, buffer.capacity());
                }

                @Override
                public void viewChanged(List<String> view) {
                    members = view;
                }
            });
            members = channel.members();
            problem = null;
            LOG.info("MCPTRACE-0031I: node " + channel.name() + " joined cluster " + CLUSTER + " of " + members.size()
                    + " (" + String.join(", ", members) + ")");
        } catch (SecurityException e) {
            problem = "refused by the cluster: " + e.getMessage();
            LOG.severe("MCPTRACE-0035E: this node was refused by the cluster (" + e.getMessage() + "): its"
                    + " MCPTRACE_CLUSTER_KEY differs from the members'. It runs alone and reports not ready.");
            return;
        } catch (Exception e) {
            problem = "cannot join: " + e;
            LOG.log(Level.SEVERE, "MCPTRACE-0036E: could not join the cluster; this node runs alone and reports not"
                    + " ready", e);
            return;
        }
        List<TraceEntry> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                TraceEntry first = outbox.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, BATCH - 1);
                // in the order this node numbered them (threads ingesting at once may queue them the other way round):
                // every node then holds this node's entries in that order, which lets a stream resume on any node
                batch.sort(Comparator.comparingLong(TraceEntry::getSequence));
                channel.send(batch);
                sent.addAndGet(batch.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | Error e) {
                // the batch is lost to the other nodes (they still have everything else); the loop goes on
                dropped.addAndGet(batch.size());
                LOG.log(Level.WARNING, "MCPTRACE-0037W: could not send " + batch.size() + " entries to the cluster", e);
            } finally {
                batch.clear();
            }
        }
    }

    private synchronized void adopt(List<TraceEntry> entries, boolean live) {
        Instant now = Instant.now();
        for (TraceEntry entry : entries) {
            if (TraceIds.local(entry.getId()) || adopted.put(entry.getId(), Boolean.TRUE) != null) {
                continue;
            }
            tracing.adopt(entry);
            received.incrementAndGet();
        }
        if (live && !entries.isEmpty()) {
            lagMillis = Math.max(0, Duration.between(entries.get(entries.size() - 1).getReceivedAt(), now).toMillis());
        }
    }

    private String node() {
        return nodeName.filter(n -> !n.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName() + "/" + System.getProperty("wlp.server.name", "mcptrace");
            } catch (Exception e) {
                return System.getProperty("wlp.server.name", "mcptrace");
            }
        });
    }

    /** Whether this node is meant to be part of a cluster at all. */
    public boolean enabled() {
        return enabled;
    }

    /** Null while a member, else why not (joining, refused, …). */
    public String problem() {
        return problem;
    }

    public List<String> members() {
        return members;
    }

    /** Nodes in the cluster as this node sees it: 1 when it runs alone. */
    public int size() {
        return enabled && problem == null ? Math.max(1, members.size()) : 1;
    }

    public String nodeName() {
        ClusterChannel current = channel;
        return current != null ? current.name() : node();
    }

    /** From ingestion on another node to adoption here, for the latest batch received. */
    public long lagMillis() {
        return lagMillis;
    }

    public long sent() {
        return sent.get();
    }

    public long received() {
        return received.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
