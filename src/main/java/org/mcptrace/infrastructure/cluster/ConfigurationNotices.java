package org.mcptrace.infrastructure.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.mcptrace.application.ChangeCommitting;
import org.mcptrace.application.ConfigurationChanges;
import org.mcptrace.application.ConfigurationChanged;
import org.mcptrace.application.GatewayRegistry;
import org.mcptrace.application.Tracing;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells every node of a change to the shared configuration through PostgreSQL {@code LISTEN/NOTIFY}. The notice is
 * sent inside the transaction of the change, so PostgreSQL delivers it only once the change is committed, and in commit
 * order. Each node listens on one dedicated connection and rebuilds its snapshot on a notice of a newer revision.
 *
 * <p>Notices are not replayed to a connection that was away, so after every reconnect the node reloads in full, and a
 * revision check every {@value #CHECK_SECONDS} seconds is the backstop for anything else lost. On H2 (one node) none of
 * this runs: the change event on the node that made the change is all there is.
 */
@ApplicationScoped
public class ConfigurationNotices {

    static final String CHANNEL = "mcptrace_changes";
    static final int CHECK_SECONDS = 5;
    private static final int POLL_MILLIS = 250;
    private static final int RETRY_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(ConfigurationNotices.class.getName());

    @Resource(lookup = "jdbc/mcptrace")
    DataSource dataSource;

    @PersistenceContext(unitName = "mcptrace")
    EntityManager em;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ConfigurationChanges configuration;

    @Inject
    Tracing tracing;

    @Inject
    GatewayRegistry gateways;

    @Inject
    Event<ConfigurationChanged> changed;

    private volatile boolean postgres;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile long reloads;
    private long lastFound = -1;
    private Thread listener;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        postgres = isPostgres(dataSource);
        if (!postgres) {
            return;
        }
        running = true;
        listener = threads.newThread(this::listen);
        listener.setName("mcptrace-configuration-notices");
        listener.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** In the change's own transaction, through its own connection: the notice commits with the change or not at all. */
    void send(@Observes ChangeCommitting change) {
        if (!postgres) {
            return;
        }
        // NOTIFY takes no bind parameters; the payload is built from an enum name and a number only
        em.createNativeQuery("NOTIFY " + CHANNEL + ", '" + payload(change) + "'").executeUpdate();
    }

    static String payload(ChangeCommitting change) {
        return change.subject().name().toLowerCase(Locale.ROOT) + ":" + change.revision();
    }

    private void listen() {
        boolean first = true;
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.execute("LISTEN " + CHANNEL);
                PGConnection notices = connection.unwrap(PGConnection.class);
                listening = true;
                if (!first) {
                    LOG.info("MCPTRACE-0021I: listening for configuration notices again; reloading in full");
                }
                // whatever was committed before LISTEN took effect (or while the connection was away) is read now
                reloadAll();
                first = false;
                long nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHECK_SECONDS);
                while (running) {
                    PGNotification[] received = notices.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notice : received) {
                            handle(notice.getParameter());
                        }
                    }
                    if (System.nanoTime() - nextCheck >= 0) {
                        checkRevision();
                        nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHECK_SECONDS);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (listening || first) {
                    LOG.log(Level.WARNING, "MCPTRACE-0020W: not listening for configuration notices (" + e
                            + "); changes made on other nodes reach this one only after a reconnect", e);
                }
                listening = false;
                first = false;
                pause();
            }
        }
        listening = false;
    }

    private void handle(String payload) {
        String[] parts = payload.split(":", 2);
        if ("gateways".equals(parts[0])) {
            gateways.reload();
        } else if ("configuration".equals(parts[0])) {
            long revision = Long.parseLong(parts[1]);
            // the node that made the change has rebuilt already, before its operator's request returned
            if (revision > tracing.snapshot().revision()) {
                changed.fire(new ConfigurationChanged(revision));
            }
        } else {
            LOG.warning("MCPTRACE-0022W: ignoring an unknown configuration notice: " + payload);
        }
    }

    private void checkRevision() {
        long stored = configuration.revision();
        long held = tracing.snapshot().revision();
        if (stored == held) {
            return;
        }
        reloadAll();
        // once per revision found: should a reload ever fail to bring this node to it, the log still says it once
        // (readiness counts the reloads)
        if (stored == lastFound) {
            return;
        }
        lastFound = stored;
        if (stored < held) {
            LOG.warning("MCPTRACE-0024W: the database holds configuration revision " + stored + ", older than the "
                    + held + " this node resolved against: it was restored from a backup or replaced. Resolving"
                    + " against what it holds now");
        } else {
            LOG.info("MCPTRACE-0023I: configuration revision " + stored + " found by the periodic check, not by a"
                    + " notice; reloaded");
        }
    }

    // in full and whatever the revision, so that the next check finds this node at the database's revision
    private void reloadAll() {
        reloads++;
        tracing.reload();
        gateways.reload();
    }

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(RETRY_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** True while PostgreSQL is in use and the dedicated connection listens; always true on H2, which has no notices. */
    public boolean healthy() {
        return !postgres || listening;
    }

    public boolean postgres() {
        return postgres;
    }

    public long reloads() {
        return reloads;
    }

    static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("MCPTRACE-0013E: cannot reach the configuration database: " + e.getMessage(), e);
        }
    }
}
