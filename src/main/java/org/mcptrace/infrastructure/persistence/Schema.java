package org.mcptrace.infrastructure.persistence;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.persistence.metamodel.EntityType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the configuration database to the schema this build expects, before anything reads it, and refuses to start
 * when the entities and that schema disagree.
 *
 * <p>Flyway owns the schema for H2 and PostgreSQL alike; EclipseLink never creates or changes a table. On PostgreSQL
 * Flyway holds an advisory lock while it migrates, so nodes started together against an empty database apply each
 * migration once and wait for each other. A change to an entity's columns therefore needs a migration under
 * {@code db/migration}: the check below names what is missing, and every test fails until it is there.
 */
@ApplicationScoped
public class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class.getName());

    /** A table every database EclipseLink created before migrations has: such a database is taken as version 1. */
    static final String PRE_MIGRATION_TABLE = "CLIENT_WORKLOAD";

    private static final String MIGRATIONS = "classpath:db/migration";

    @Resource(lookup = "jdbc/mcptrace")
    DataSource dataSource;

    @PersistenceUnit(unitName = "mcptrace")
    EntityManagerFactory entities;

    // right after the production-mode check and before any bean reads the configuration
    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) @Initialized(ApplicationScoped.class)
            Object ignored) {
        long start = System.nanoTime();
        MigrateResult result = migrate(dataSource);
        List<String> problems = check(dataSource, entities.getMetamodel().getEntities().stream()
                .<Class<?>>map(EntityType::getJavaType).toList());
        if (!problems.isEmpty()) {
            String message = "MCPTRACE-0011E: the database schema (version " + result.targetSchemaVersion
                    + ") does not fit the entities: " + String.join("; ", problems)
                    + ". Add a migration under src/main/resources/db/migration (see docs/deployment.md).";
            LOG.severe(message);
            throw new IllegalStateException(message);
        }
        LOG.info(() -> "MCPTRACE-0010I: configuration database " + result.database + " at schema version "
                + (result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion)
                + " (" + result.migrationsExecuted + " migrations applied) in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    public static MigrateResult migrate(DataSource dataSource) {
        boolean history = hasTable(dataSource, "flyway_schema_history");
        boolean ours = hasTable(dataSource, PRE_MIGRATION_TABLE);
        // decided here rather than by baselineOnMigrate: a database EclipseLink made before migrations is version 1;
        // one that holds only another product's tables (Liberty's session table, created before the application
        // starts) is version 0, so that every migration still runs
        Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                // Liberty's class loader lists no directories: Flyway finds this one through its (empty) flyway.location
                .locations(MIGRATIONS)
                .callbackLocations(MIGRATIONS)
                .baselineVersion(ours ? "1" : "0")
                .baselineDescription(ours ? "schema created by EclipseLink before migrations" : "before mcptrace")
                .load();
        if (!history && (ours || hasAnyTable(dataSource))) {
            LOG.info("MCPTRACE-0012I: taking the existing schema as version " + (ours ? "1 (created before migrations)"
                    : "0 (other tables only)"));
            try {
                flyway.baseline();
            } catch (FlywayException e) {
                // a node starting at the same moment did it first; migrate below sees its history
                LOG.log(Level.FINE, "baseline done concurrently", e);
            }
        }
        return flyway.migrate();
    }

    /** What keeps the entities from working on this database; empty when they fit. */
    static List<String> check(DataSource dataSource, List<Class<?>> entityClasses) {
        Map<String, List<EntityColumns.Expected>> expected = EntityColumns.of(entityClasses);
        Map<String, Map<String, Column>> actual = columns(dataSource);
        List<String> problems = new ArrayList<>();
        expected.forEach((table, columns) -> {
            Map<String, Column> present = actual.get(table);
            if (present == null) {
                problems.add("table " + table + " is missing (" + columns.get(0).origin() + ")");
                return;
            }
            Set<String> mapped = columns.stream().map(EntityColumns.Expected::column).collect(Collectors.toSet());
            for (EntityColumns.Expected column : columns) {
                if (!present.containsKey(column.column())) {
                    problems.add("column " + table + "." + column.column() + " is missing (" + column.origin() + ")");
                }
            }
            present.values().stream()
                    .filter(c -> c.required() && !mapped.contains(c.name()))
                    .forEach(c -> problems.add("column " + table + "." + c.name()
                            + " is NOT NULL without a default but no entity writes it"));
        });
        return problems;
    }

    private record Column(String name, boolean required) {
    }

    private static Map<String, Map<String, Column>> columns(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            Map<String, Map<String, Column>> tables = new HashMap<>();
            try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                    String name = rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT);
                    boolean required = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls
                            && rs.getString("COLUMN_DEF") == null && !"YES".equals(rs.getString("IS_AUTOINCREMENT"));
                    tables.computeIfAbsent(table, t -> new HashMap<>()).put(name, new Column(name, required));
                }
            }
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("MCPTRACE-0013E: cannot read the database schema: " + e.getMessage(), e);
        }
    }

    private static boolean hasAnyTable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), "%",
                        new String[] {"TABLE", "BASE TABLE"})) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException("MCPTRACE-0013E: cannot read the database schema: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("MCPTRACE-0013E: cannot read the database schema: " + e.getMessage(), e);
        }
    }
}
