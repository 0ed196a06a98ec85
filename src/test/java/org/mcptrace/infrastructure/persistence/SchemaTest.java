package org.mcptrace.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mcptrace.testing.EmbeddedDatabase;

/**
 * The migrations build a schema every entity fits, on H2 and on PostgreSQL; a database EclipseLink created before
 * migrations is upgraded in place; nodes migrating an empty PostgreSQL at once end with one schema. Any entity a later
 * change adds or extends is found by scanning the compiled classes, so a column without its migration fails here.
 */
class SchemaTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void everyEntityFitsTheMigratedH2Schema() throws Exception {
        DataSource h2 = h2("fresh");
        MigrateResult result = Schema.migrate(h2);
        assertTrue(result.migrationsExecuted > 0);
        assertEquals(List.of(), Schema.check(h2, entities()));
        assertEquals(0, Schema.migrate(h2).migrationsExecuted, "a second start applies nothing");
    }

    @Test
    void everyEntityFitsTheMigratedPostgresSchema() throws Exception {
        DataSource pg = postgresDatabase("fresh");
        Schema.migrate(pg);
        assertEquals(List.of(), Schema.check(pg, entities()));
        assertEquals(1L, single(pg, "select revision + 1 from configuration_revision where id = 1"));
    }

    @Test
    void aDatabaseEclipseLinkCreatedIsKeptWithItsData() throws Exception {
        DataSource h2 = h2("old");
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute(Files.readString(Path.of("src/test/resources/schema/eclipselink-h2.sql")));
            s.execute("insert into CLIENT_WORKLOAD (ID, ACTIVE, NAME, VERSION) values (7, true, 'kept', 1)");
        }
        Schema.migrate(h2);
        assertEquals(List.of(), Schema.check(h2, entities()));
        assertEquals(7L, single(h2, "select ID from CLIENT_WORKLOAD where NAME = 'kept'"));
    }

    @Test
    void aDatabaseHoldingOnlyAnotherProductsTablesGetsEveryMigration() throws Exception {
        DataSource pg = postgresDatabase("sessions");
        try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
            // what Liberty's session persistence creates before the application starts
            s.execute("create table mcptrace_sessions (id varchar(128) not null, propid varchar(128) not null)");
        }
        assertEquals(migrationCount(), Schema.migrate(pg).migrationsExecuted);
        assertEquals(List.of(), Schema.check(pg, entities()));
    }

    @Test
    void aColumnWithoutItsMigrationIsNamed() throws Exception {
        DataSource h2 = h2("dropped");
        Schema.migrate(h2);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table GATEWAY drop column LAST_SEEN");
            s.execute("alter table GATEWAY add column SURPRISE INTEGER NOT NULL");
        }
        List<String> problems = Schema.check(h2, entities());
        assertEquals(List.of("column GATEWAY.LAST_SEEN is missing (Gateway.lastSeen)",
                "column GATEWAY.SURPRISE is NOT NULL without a default but no entity writes it"), problems);
    }

    @Test
    void nodesStartingTogetherOnAnEmptyPostgresBuildOneSchema() throws Exception {
        DataSource pg = postgresDatabase("together");
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        try {
            List<Future<MigrateResult>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Callable<MigrateResult> node = () -> Schema.migrate(pg);
                results.add(nodes.submit(node));
            }
            int applied = 0;
            for (Future<MigrateResult> result : results) {
                applied += result.get().migrationsExecuted;
            }
            assertEquals(migrationCount(), applied, "each migration ran exactly once");
        } finally {
            nodes.shutdownNow();
        }
        assertEquals(List.of(), Schema.check(pg, entities()));
        assertEquals(1L, single(pg, "select count(*) from configuration_revision"));
    }

    private static long migrationCount() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static DataSource h2(String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return h2;
    }

    private static DataSource postgresDatabase(String name) throws Exception {
        String database = name + Long.toString(System.nanoTime(), 36);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        return postgres.getDatabase("postgres", database);
    }

    private static long single(DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    /** Every entity in the build, found in the compiled classes, so one added later is checked without being listed. */
    static List<Class<?>> entities() throws IOException {
        Path root = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(root.resolve("org/mcptrace"))) {
            List<Class<?>> found = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, SchemaTest.class.getClassLoader());
                    if (type.isAnnotationPresent(Entity.class)) {
                        found.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // classes needing the server (PrimeFaces, say) are no entities
                }
            }
            assertTrue(found.size() >= 6, "entities found: " + found);
            return found;
        }
    }
}
