package org.mcptrace.infrastructure.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.trace.AuthorizationReport;
import org.mcptrace.domain.trace.TraceEntry;
import org.mcptrace.infrastructure.persistence.Schema;
import org.mcptrace.testing.EmbeddedDatabase;

/**
 * Real JGroups channels over loopback TCP, discovering each other through a real PostgreSQL (JDBC_PING2), as the nodes
 * of a cluster do: entries reach the other node in order, a joiner receives the buffer, and a node with another key
 * is refused and told so.
 */
class ClusterChannelTest {

    // ports for these channels; MCPTRACE_CLUSTER_PORT is 7800 in production
    private static final int PORT = Integer.getInteger("cluster.test.port", 19700);

    private static EmbeddedPostgres postgres;
    private static DataSource database;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedDatabase.start();
        database = postgres.getPostgresDatabase();
        Schema.migrate(database);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void entriesReachTheOtherNodeAndAJoinerTakesTheBuffer() throws Exception {
        Node a = new Node(List.of(entry("a", 1), entry("a", 2)));
        Node b = new Node(List.of());
        try (ClusterChannel first = connect("fanout", "a", "shared secret", a);
                ClusterChannel second = connect("fanout", "b", "shared secret", b)) {
            waitUntil(() -> first.members().size() == 2 && second.members().size() == 2);
            assertEquals(List.of("a-1", "a-2"), b.ids(), "the joiner took the member's buffer");

            List<TraceEntry> batch = IntStream.rangeClosed(3, 300).mapToObj(i -> entry("a", i)).toList();
            first.send(batch.subList(0, 150));
            first.send(batch.subList(150, batch.size()));
            waitUntil(() -> b.ids().size() == 300);
            assertEquals(IntStream.rangeClosed(1, 300).mapToObj(i -> "a-" + i).toList(), b.ids(), "in order");

            second.send(List.of(entry("b", 1)));
            waitUntil(() -> a.ids().contains("b-1"));
            assertEquals(List.of("b-1"), a.ids(), "a node does not receive what it sent itself");
        }
    }

    @Test
    void aNodeWithAnotherKeyIsRefused() throws Exception {
        try (ClusterChannel member = connect("keys", "member", "the right key", new Node(List.of()))) {
            SecurityException refused = assertThrows(SecurityException.class,
                    () -> connect("keys", "intruder", "another key", new Node(List.of())).close());
            assertTrue(refused.getMessage() != null, "the refused node is told why");
            assertEquals(1, member.members().size());
        }
    }

    private static ClusterChannel connect(String cluster, String name, String key, Node node) throws Exception {
        return ClusterChannel.connect(new ClusterChannel.Settings(cluster, name, key, InetAddress.getLoopbackAddress(),
                PORT), database, node);
    }

    private static TraceEntry entry(String node, int n) {
        AuthorizationReport report = new AuthorizationReport(Instant.now(), "gw", null, "192.0.2." + (n % 250),
                AuthorizationRequest.of("https://claude.ai/api/mcp/auth_callback", "https://mcp.example.com/mcp", null));
        return new TraceEntry(node + "-" + n, n, report, Resolver.resolve(report.request(), ConfigurationSnapshot.empty()),
                null);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            Thread.sleep(20);
        }
    }

    private static final class Node implements ClusterChannel.Node {
        private final List<TraceEntry> own;
        private final List<TraceEntry> received = new CopyOnWriteArrayList<>();

        Node(List<TraceEntry> own) {
            this.own = own;
        }

        @Override
        public void received(List<TraceEntry> entries, String from) {
            received.addAll(entries);
        }

        @Override
        public List<TraceEntry> state() {
            return own;
        }

        List<String> ids() {
            return received.stream().map(TraceEntry::getId).toList();
        }
    }
}
