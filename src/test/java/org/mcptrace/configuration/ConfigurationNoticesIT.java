package org.mcptrace.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mcptrace.testing.Conditions.waitFor;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URL;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcptrace.domain.access.Secrets;
import org.mcptrace.testing.Api;
import org.mcptrace.testing.Deployments;
import org.mcptrace.testing.EmbeddedDatabase;

/**
 * Changes committed to the shared PostgreSQL by another node reach this one through LISTEN/NOTIFY: the test commits
 * them itself, over its own connection, exactly as another node's transaction would (the rows, the revision, the
 * notice in the same transaction), and watches the server resolve against them. Runs in the PostgreSQL execution of
 * the integration tests; the H2 execution has no notices to test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConfigurationNoticesIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @ArquillianResource
    URL base;

    Api api;
    EmbeddedPostgres postgres;
    String tag;

    @BeforeEach
    void setUp() {
        postgres = EmbeddedDatabase.running();
        Assumptions.assumeTrue(postgres != null, "configuration notices need PostgreSQL (the postgresql execution)");
        api = new Api(base);
        tag = Long.toString(System.nanoTime(), 36);
    }

    @Test
    void aChangeCommittedElsewhereIsResolvedHereWithinOneSecond() throws Exception {
        String resource = "https://notice-" + tag + ".example/mcp";
        assertEquals(JsonObject.NULL, evaluate(resource).get("serverWorkload"));
        long committedAt;
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            insertServerWorkload(c, "Elsewhere " + tag, resource);
            long revision = bumpRevision(c);
            try (Statement s = c.createStatement()) {
                s.execute("NOTIFY mcptrace_changes, 'configuration:" + revision + "'");
            }
            c.commit();
            committedAt = System.nanoTime();
        }
        JsonObject seen = waitFor(() -> evaluate(resource), e -> e.get("serverWorkload") instanceof JsonObject,
                Duration.ofSeconds(10));
        long millis = (System.nanoTime() - committedAt) / 1_000_000;
        assertEquals("Elsewhere " + tag, seen.getJsonObject("serverWorkload").getString("name"));
        assertTrue(millis < 1000, "resolved against the other node's change after " + millis + " ms");
    }

    @Test
    void aClientIdRegisteredElsewhereIdentifiesItsClientHere() throws Exception {
        String clientId = "https://cli-" + tag + ".example/client-metadata.json";
        String report = "{\"redirectUri\":\"http://127.0.0.1:4711/" + tag + "\",\"resource\":\"https://x-" + tag
                + ".example/mcp\",\"clientId\":\"" + clientId + "\"}";
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                    ResultSet id = s.executeQuery("select nextval('client_workload_seq')")) {
                assertTrue(id.next());
                long workload = id.getLong(1);
                s.executeUpdate("insert into client_workload (id, name, description, active, version) values ("
                        + workload + ", 'By ID " + tag + "', '', true, 1)");
                try (PreparedStatement insert = c.prepareStatement("insert into client_workload_client_id"
                        + " (client_workload_id, client_id, position) values (?, ?, 0)")) {
                    insert.setLong(1, workload);
                    insert.setString(2, clientId);
                    insert.executeUpdate();
                }
                s.execute("NOTIFY mcptrace_changes, 'configuration:" + bumpRevision(c) + "'");
            }
            c.commit();
        }
        JsonObject seen = waitFor(() -> api.post("api/v1/authorization-requests/evaluate", report).json(),
                e -> e.get("clientWorkload") instanceof JsonObject, Duration.ofSeconds(10));
        assertEquals("By ID " + tag, seen.getJsonObject("clientWorkload").getString("name"));
        assertEquals("CLIENT_ID", seen.getJsonObject("clientWorkload").getString("rule"));
    }

    @Test
    void aGatewayRegisteredElsewhereMayReportHere() throws Exception {
        String token = "elsewhere-" + tag + "-token-with-enough-entropy";
        String report = "{\"clientIp\":\"192.0.2.9\",\"redirectUri\":\"https://a.example/cb\",\"resource\":\"https://b.example/mcp\"}";
        assertEquals(401, api.withBearer(token).post("api/v1/authorization-requests", report).status());
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into gateway (id, name, token_hash, created_at,"
                    + " created_by, request_count) values (nextval('gateway_seq'), ?, ?, ?, 'elsewhere', 0)");
                    Statement s = c.createStatement()) {
                insert.setString(1, "gw-" + tag);
                insert.setString(2, Secrets.tokenHash(token));
                insert.setBytes(3, serialized(Instant.now()));
                insert.executeUpdate();
                s.execute("NOTIFY mcptrace_changes, 'gateways:0'");
            }
            c.commit();
        }
        waitFor(() -> api.withBearer(token).post("api/v1/authorization-requests", report).status(), s -> s == 201,
                Duration.ofSeconds(10));
    }

    @Test
    void aNodeThatLostItsListeningConnectionReloadsInFull() throws Exception {
        try (Connection c = connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where query = 'LISTEN mcptrace_changes'")) {
            assertTrue(rs.next(), "the server listens on a connection of its own");
        }
        String resource = "https://silent-" + tag + ".example/mcp";
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            insertServerWorkload(c, "Silent " + tag, resource);
            bumpRevision(c);
            // no notice at all: only the reload after reconnecting (or the periodic check) can find this change
            c.commit();
        }
        waitFor(() -> evaluate(resource), e -> e.get("serverWorkload") instanceof JsonObject, Duration.ofSeconds(30));
        waitFor(() -> api.send(HttpRequest.newBuilder(api.uri("").resolve("/health/ready")).GET()).status(),
                s -> s == 200, Duration.ofSeconds(30));
    }

    @Test
    void aDatabaseRestoredToAnEarlierRevisionIsFollowedOnceAndThenLeftAlone() throws Exception {
        String resource = "https://restored-" + tag + ".example/mcp";
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            insertServerWorkload(c, "Restored " + tag, resource);
            // what restoring a backup does under a running node: other rows, a revision below the one it resolves
            // against, and no notice
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update configuration_revision set revision = revision - 1 where id = 1");
            }
            c.commit();
        }
        // found by the periodic check; a node that kept the newer snapshot it had never resolved against these rows
        waitFor(() -> evaluate(resource), e -> e.get("serverWorkload") instanceof JsonObject, Duration.ofSeconds(30));
        long reloads = reloads();
        // and then the node is at the database's revision: over two more periodic checks nothing is reloaded again
        // (it was reloaded in full, and logged, at every check before)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(11); // two checks, 5 s apart
        while (System.nanoTime() < until) {
            assertEquals(reloads, reloads(), "reloads in full after the node followed the restored database");
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private long reloads() {
        JsonObject ready = api.send(HttpRequest.newBuilder(api.uri("").resolve("/health/ready")).GET()).json();
        return ready.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "database".equals(check.getString("name"))).findFirst().orElseThrow()
                .getJsonObject("data").getJsonNumber("configurationReloads").longValue();
    }

    private JsonObject evaluate(String resource) {
        Api.Response response = api.post("api/v1/authorization-requests/evaluate",
                "{\"redirectUri\":\"https://client-" + tag + ".example/cb\",\"resource\":\"" + resource + "\"}");
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    private Connection connection() throws Exception {
        return postgres.getPostgresDatabase().getConnection();
    }

    private static void insertServerWorkload(Connection c, String name, String resource) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("insert into server_workload (id, name, description,"
                + " resource_url, active, version) values (nextval('server_workload_seq'), ?, '', ?, true, 1)")) {
            insert.setString(1, name);
            insert.setString(2, resource);
            insert.executeUpdate();
        }
    }

    private static long bumpRevision(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("update configuration_revision set revision = revision + 1 where id = 1"
                        + " returning revision")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    // the entities keep instants serialised (see V1__configuration_schema.sql)
    private static byte[] serialized(Instant instant) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(instant);
        }
        return bytes.toByteArray();
    }

}
