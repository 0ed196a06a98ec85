package org.mcptrace.interfaces.push;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.faces.event.WebsocketEvent;
import jakarta.faces.push.Push;
import jakarta.faces.push.PushContext;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.application.BackgroundLoops;
import org.mcptrace.application.LiveBuffer;
import org.mcptrace.application.Resolved;
import org.mcptrace.application.TraceFilter;
import org.mcptrace.domain.resolution.ClientMatch;
import org.mcptrace.domain.resolution.ClientRule;
import org.mcptrace.domain.trace.TraceEntry;

/**
 * Sends every open tracing screen what is new for it, at most once per tick however many entries arrived in between:
 * the rows its filter selects that it has not been sent (the newest of them, up to a page) and the counters. The page
 * draws them itself, so a live console costs no request per update and a row is on screen one websocket message after
 * its tick. A paused console is only told that something changed, and asks for its counters when it wants them.
 *
 * <p>Each screen is its own websocket "user" (a random key held by its view), which is how one channel carries a
 * different message to each console. What a console has been sent is tracked here, so a grid the server renders and
 * the rows pushed to it meet without gaps or repeats.</p>
 */
@ApplicationScoped
public class LiveTracesPush {

    public static final String CHANNEL = "traces";
    /** The largest page the tracing screen offers: more rows per push could never be shown. */
    static final int MAX_ROWS = 100;
    // a view no websocket has been open for this long (closed at once, a script fetching the page) is forgotten
    private static final long UNREACHED_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final String PAUSED = "{\"paused\":true}";
    /** Entries waiting this long while a console is connected mean the push has stopped: health says DOWN. */
    public static final long STALLED_NANOS = TimeUnit.SECONDS.toNanos(10);
    // made once: every Json.createObjectBuilder() looks the provider up again (a ServiceLoader and a reflective
    // instantiation), which made the push tick a third of the server's allocation with one console open at 500
    // reports/s and doubled its young collections (docs/performance.md)
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Inject
    @Push(channel = CHANNEL)
    PushContext consoles;

    @Inject
    LiveBuffer buffer;

    @Inject
    @ConfigProperty(name = "mcptrace.push.interval-ms", defaultValue = "100")
    long intervalMillis;

    @Inject
    BackgroundLoops loops;

    private final Map<String, Console> open = new ConcurrentHashMap<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong oldestUnpushedNanos = new AtomicLong();
    private final AtomicInteger viewers = new AtomicInteger();
    private volatile long lastLagNanos;
    private volatile long lastPushNanos;
    private BackgroundLoops.Loop ticker;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        ticker = loops.every("push", Duration.ofMillis(intervalMillis), this::tick);
    }

    /**
     * A tracing screen says what it shows whenever it renders, and learns up to which sequence its grid may show:
     * what lies above has been or will be pushed to it, never both.
     */
    public long showing(String view, TraceFilter filter, boolean paused) {
        Console console = open.computeIfAbsent(view, key -> new Console(buffer.settled()));
        synchronized (console) {
            if (console.paused && !paused) {
                // resuming shows the newest entries at once rather than pushing what piled up while paused
                console.upTo = Math.max(console.upTo, buffer.settled());
            }
            console.filter = filter;
            console.paused = paused;
            return console.upTo;
        }
    }

    void opened(@Observes @WebsocketEvent.Opened WebsocketEvent event) {
        if (CHANNEL.equals(event.getChannel())) {
            viewers.incrementAndGet();
        }
    }

    void closed(@Observes @WebsocketEvent.Closed WebsocketEvent event) {
        if (CHANNEL.equals(event.getChannel())) {
            viewers.decrementAndGet();
        }
        Console console = console(event);
        if (console != null) {
            open.remove(event.getUser().toString(), console);
        }
    }

    private Console console(WebsocketEvent event) {
        Serializable user = event.getUser();
        return CHANNEL.equals(event.getChannel()) && user != null ? open.get(user.toString()) : null;
    }

    void arrived(@Observes @Resolved TraceEntry entry) {
        if (!pending.getAndSet(true)) {
            long now = System.nanoTime();
            oldestUnpushedNanos.set(now);
            // the first entry after a quiet spell goes out at once; only a burst waits for the tick
            if (now - lastPushNanos >= TimeUnit.MILLISECONDS.toNanos(intervalMillis)) {
                ticker.runNow();
            }
        }
    }

    synchronized void tick() {
        if (!pending.getAndSet(false)) {
            return;
        }
        lastPushNanos = System.nanoTime();
        boolean behind = false;
        boolean failed = false;
        // consoles that select the same entries (every unfiltered one) share each row's JSON, built once per tick
        Map<Long, JsonObject> rows = new HashMap<>();
        // and the buffer is counted once per filter and tick, not once per console (a count reads every entry held),
        // so every console is sent up to the same sequence
        Map<Shown, LiveBuffer.Census> counts = new HashMap<>();
        long head = buffer.settled();
        for (Map.Entry<String, Console> each : open.entrySet()) {
            Console console = each.getValue();
            if (console.sending()) {
                // a tab that has not taken its last message misses this tick instead of queueing another; it is
                // sent everything new in one message once it catches up
                behind = true;
                continue;
            }
            try {
                behind |= !send(each.getKey(), console, head, rows, counts);
            } catch (RuntimeException e) {
                // one console's failure is counted and logged (rate-limited) by the loop, and the others still get
                // theirs; the console is sent the same entries again next tick, and forgotten if it never recovers
                failed = true;
                ticker.failed(e);
                forgetIfUnreached(each.getKey(), console);
            }
        }
        pushes.incrementAndGet();
        lastLagNanos = System.nanoTime() - oldestUnpushedNanos.get();
        if (failed) {
            // retried next tick, and the wait is not reset: entries that never get out make the health check DOWN
            pending.set(true);
        } else if (behind) {
            // retried next tick; the lag measures how long entries wait for a tick, not how long a frozen tab sleeps
            oldestUnpushedNanos.set(System.nanoTime());
            pending.set(true);
        }
    }

    /**
     * Sends a console what is new for it; false when no websocket of it took the message (the page is still opening
     * its socket), in which case the console is not moved on and the next tick sends the same entries again.
     */
    private boolean send(String view, Console console, long head, Map<Long, JsonObject> rows,
            Map<Shown, LiveBuffer.Census> counts) {
        synchronized (console) {
            LiveBuffer.Fresh fresh = console.paused ? null : buffer.fresh(console.filter, console.upTo, MAX_ROWS, head);
            Set<Future<Void>> sent = consoles.send(fresh == null ? PAUSED : message(console, fresh, rows, counts), view);
            // MyFaces answers null, not an empty set, for a user with no websocket open: a screen rendered whose
            // socket is not open yet, or is reconnecting. Kept as null it failed this tick and, in sending(), every
            // later one: the exception escaped tick() and cancelled the push for good (see docs/tracing.md).
            console.inFlight = sent == null ? Set.of() : sent;
            if (!console.inFlight.isEmpty()) {
                console.reachedNanos = lastPushNanos;
                if (fresh != null) {
                    console.upTo = fresh.upTo();
                }
                return true;
            }
            return forgetIfUnreached(view, console);
        }
    }

    /** A console no message has reached for long (rendered but never connected, or gone without a close) is dropped. */
    private boolean forgetIfUnreached(String view, Console console) {
        if (lastPushNanos - console.reachedNanos > UNREACHED_NANOS) {
            open.remove(view, console);
            return true;
        }
        return false;
    }

    private String message(Console console, LiveBuffer.Fresh fresh, Map<Long, JsonObject> rows,
            Map<Shown, LiveBuffer.Census> counts) {
        LiveBuffer.Census census = counts.computeIfAbsent(new Shown(console.filter, fresh.upTo()),
                shown -> buffer.census(shown.filter(), shown.upTo()));
        JsonArrayBuilder pushed = JSON.createArrayBuilder();
        fresh.entries().forEach(entry -> pushed.add(rows.computeIfAbsent(entry.getSequence(), s -> row(entry))));
        JsonArrayBuilder tally = JSON.createArrayBuilder();
        for (long count : census.bySeverity()) {
            tally.add(count);
        }
        return JSON.createObjectBuilder()
                .add("from", console.upTo)
                .add("upTo", fresh.upTo())
                .add("rows", pushed)
                .add("tally", tally)
                .add("buffered", buffer.size())
                .add("shown", census.matching())
                .add("hidden", census.held() - census.matching())
                .build().toString();
    }

    /** What a grid row shows, and nothing more: the Why? panel is rendered by the server when a row is opened. */
    static JsonObject row(TraceEntry entry) {
        JsonObjectBuilder row = JSON.createObjectBuilder()
                .add("id", entry.getId())
                .add("seq", entry.getSequence())
                .add("at", entry.getReceivedAt().toString())
                .add("severity", entry.getSeverity().name())
                .add("word", entry.getSeverity().word());
        text(row, "ip", entry.getClientIp());
        text(row, "redirectUri", entry.getRedirectUri());
        text(row, "resource", entry.getResource());
        text(row, "reEvaluationOf", entry.getReEvaluationOf());
        if (entry.getAccessPolicy() != null) {
            row.add("policy", named(entry.getAccessPolicy().name(), entry.getAccessPolicy().active()));
        } else {
            row.add("explain", entry.getPolicyExplanation());
        }
        ClientMatch client = entry.getClientWorkload();
        if (client != null) {
            JsonObjectBuilder named = named(client.name(), client.active());
            if (client.rule() == ClientRule.CLIENT_ID) {
                named.add("clientId", client.registered());
            }
            row.add("client", named);
        }
        if (entry.getServerWorkload() != null) {
            row.add("server", named(entry.getServerWorkload().name(), entry.getServerWorkload().active()));
        }
        return row.build();
    }

    private static JsonObjectBuilder named(String name, boolean active) {
        return JSON.createObjectBuilder().add("name", name).add("active", active);
    }

    private static void text(JsonObjectBuilder row, String member, String value) {
        if (value != null) {
            row.add(member, value);
        }
    }

    public long pushes() {
        return pushes.get();
    }

    /** Tracing screens with their push websocket open now. */
    public int viewers() {
        return viewers.get();
    }

    /**
     * How long entries have waited for a push that should have gone out by now, in milliseconds: non-zero only while
     * entries are waiting, a console is connected and no tick has delivered them (or found every console busy taking
     * the previous message) for {@link #STALLED_NANOS}. Zero while the push works.
     */
    public long stalledMillis() {
        if (!pending.get() || viewers.get() <= 0) {
            return 0;
        }
        long waited = System.nanoTime() - oldestUnpushedNanos.get();
        return waited >= STALLED_NANOS ? TimeUnit.NANOSECONDS.toMillis(waited) : 0;
    }

    /** The newest sequence consoles are pushed up to once the next tick has run: what a console checks itself against. */
    public long head() {
        return buffer.settled();
    }

    /** How long the oldest entry of the last push waited for it, in milliseconds. */
    public double lastLagMillis() {
        return lastLagNanos / 1_000_000.0;
    }

    /** What a console's counters are counted over. */
    private record Shown(TraceFilter filter, long upTo) {
    }

    /** What one open tracing screen has been sent, and what it asked to see. */
    private static final class Console {
        long reachedNanos = System.nanoTime();
        Set<Future<Void>> inFlight = Set.of();
        TraceFilter filter = TraceFilter.ALL;
        boolean paused;
        long upTo;

        Console(long upTo) {
            this.upTo = upTo;
        }

        boolean sending() {
            for (Future<Void> send : inFlight) {
                if (!send.isDone()) {
                    return true;
                }
            }
            return false;
        }
    }
}
