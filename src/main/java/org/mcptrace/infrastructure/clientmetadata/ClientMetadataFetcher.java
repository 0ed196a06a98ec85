package org.mcptrace.infrastructure.clientmetadata;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mcptrace.application.BackgroundLoops;
import org.mcptrace.application.ClientMetadataVerdicts;
import org.mcptrace.domain.resolution.ClientMetadataVerdict;

/**
 * Fetches the documents {@link ClientMetadataVerdicts} queues, when MCPTRACE_CLIENT_METADATA_FETCH is true. A
 * background loop starts at most one fetch per round, four rounds a second, with at most {@link #IN_FLIGHT} under way,
 * so that no burst of client IDs turns into a burst of outgoing requests; each fetch runs on a managed executor and
 * hands its verdict back, whatever happens to it.
 *
 * <p>The client is {@link HttpsURLConnection} rather than java.net.http.HttpClient because it lets a socket factory
 * see the socket it connected, which is how {@link GuardedSockets} refuses private addresses however DNS answered; the
 * JDK 17 HttpClient offers no hook between connecting and sending.
 */
@ApplicationScoped
public class ClientMetadataFetcher {

    static final int MAX_BYTES = 64 * 1024;
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final Duration ROUND = Duration.ofMillis(250);
    static final int IN_FLIGHT = 2;
    static final String LOOP = "client-metadata-fetch";
    private static final Logger LOG = Logger.getLogger(ClientMetadataFetcher.class.getName());

    /** How a fetch ended, for the metrics. */
    public enum Outcome {
        VALID, INVALID, TIMEOUT, HTTP_STATUS, REDIRECT, TOO_LARGE, NOT_JSON, REFUSED_ADDRESS, TLS, UNKNOWN_HOST,
        CONNECTION
    }

    /** A fetch that ended without a document, and how. */
    static final class Unreachable extends Exception {

        private static final long serialVersionUID = 1L;
        final Outcome outcome;

        Unreachable(Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }

    @Inject
    ClientMetadataVerdicts verdicts;

    @Inject
    BackgroundLoops loops;

    @Resource
    ManagedExecutorService executor;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "mcptrace.client-metadata.allow-private", defaultValue = "false")
    boolean allowPrivate;

    /** A PEM file of CA certificates trusted besides the JDK's, e.g. an organisation's private CA. */
    @Inject
    @ConfigProperty(name = "mcptrace.client-metadata.truststore")
    Optional<String> truststore;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Outcome, AtomicLong> outcomes = new EnumMap<>(Outcome.class);
    private volatile BackgroundLoops.Loop loop;
    private SSLContext tls;
    private String tlsStamp;

    public ClientMetadataFetcher() {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new AtomicLong());
        }
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (verdicts.enabled()) {
            loop = loops.every(LOOP, ROUND, this::round);
            LOG.info(() -> "MCPTRACE-0030I: client metadata documents are fetched" + (allowPrivate
                    ? ", private addresses included (MCPTRACE_CLIENT_METADATA_ALLOW_PRIVATE)" : "")
                    + truststore.map(t -> ", trusting the CAs in " + t + " besides the JDK's").orElse(""));
        }
    }

    /** One round: starts the next queued fetch if there is room. */
    void round() {
        if (inFlight.get() >= IN_FLIGHT) {
            return;
        }
        String url = verdicts.nextToFetch();
        if (url == null) {
            return;
        }
        inFlight.incrementAndGet();
        try {
            executor.execute(() -> fetchAndRecord(url));
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            verdicts.record(ClientMetadataVerdict.unreachable(url, "mcptrace could not start the fetch", Instant.now()),
                    Freshness.MIN);
            throw e;
        }
    }

    private void fetchAndRecord(String url) {
        Instant at = Instant.now();
        try {
            Fetched fetched = fetch(url);
            ClientMetadataVerdict verdict = ClientMetadataVerdict.judge(url, fetched.json(), at);
            count(verdict.status() == ClientMetadataVerdict.Status.VALID ? Outcome.VALID : Outcome.INVALID);
            verdicts.record(verdict, fetched.freshFor());
        } catch (Unreachable e) {
            count(e.outcome);
            verdicts.record(ClientMetadataVerdict.unreachable(url, e.getMessage(), at), Freshness.MIN);
        } catch (RuntimeException | Error e) {
            // a verdict still goes back, so the URL is not left queued for good; the loop counts the failure
            verdicts.record(ClientMetadataVerdict.unreachable(url, "mcptrace failed to fetch it (" + e + ")", at),
                    Freshness.MIN);
            if (e instanceof VirtualMachineError fatal) {
                // after this the JVM cannot be trusted, as BackgroundLoops holds
                throw fatal;
            }
            BackgroundLoops.Loop current = loop;
            if (current != null) {
                current.failed(e);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    record Fetched(Object json, Duration freshFor) {
    }

    Fetched fetch(String url) throws Unreachable {
        GuardedSockets sockets;
        try {
            sockets = new GuardedSockets(tls().getSocketFactory(), allowPrivate);
        } catch (IOException | GeneralSecurityException e) {
            throw new Unreachable(Outcome.TLS, "the trust store " + truststore.orElse("") + " cannot be used: " + e);
        }
        long start = System.nanoTime();
        ScheduledFuture<?> deadline = scheduler.schedule(sockets::close, DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        HttpsURLConnection connection = null;
        try {
            connection = (HttpsURLConnection) new URL(url).openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(sockets);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) DEADLINE.toMillis());
            connection.setReadTimeout((int) DEADLINE.toMillis());
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", "mcptrace client metadata check");
            int status = connection.getResponseCode();
            if (status >= 300 && status < 400) {
                throw new Unreachable(Outcome.REDIRECT, "it answered " + status + ", redirecting to "
                        + Optional.ofNullable(connection.getHeaderField("Location")).orElse("(no Location)")
                        + "; redirects are not followed");
            }
            if (status != 200) {
                throw new Unreachable(Outcome.HTTP_STATUS, "it answered HTTP " + status + " instead of 200");
            }
            if (connection.getContentLengthLong() > MAX_BYTES) {
                throw tooLarge();
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            if (System.nanoTime() - start > DEADLINE.toNanos()) {
                throw timeout();
            }
            return new Fetched(parse(body), Freshness.of(connection.getHeaderField("Cache-Control"),
                    connection.getHeaderField("Expires"), connection.getHeaderField("Date")));
        } catch (Unreachable e) {
            throw e;
        } catch (IOException e) {
            throw unreachable(e, System.nanoTime() - start > DEADLINE.toNanos() || deadline.isDone());
        } finally {
            deadline.cancel(false);
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static Unreachable unreachable(IOException e, boolean late) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedSockets.RefusedAddress) {
                return new Unreachable(Outcome.REFUSED_ADDRESS, "refused: " + cause.getMessage());
            }
        }
        if (late || e instanceof SocketTimeoutException) {
            return timeout();
        }
        if (e instanceof UnknownHostException) {
            return new Unreachable(Outcome.UNKNOWN_HOST, "its host name is not known (" + e.getMessage() + ")");
        }
        if (e instanceof SSLException) {
            return new Unreachable(Outcome.TLS, "TLS failed: " + e.getMessage());
        }
        return new Unreachable(Outcome.CONNECTION, "the connection failed: " + e);
    }

    private static Unreachable timeout() {
        return new Unreachable(Outcome.TIMEOUT, "no complete answer within " + DEADLINE.toSeconds() + " s");
    }

    private static Unreachable tooLarge() {
        return new Unreachable(Outcome.TOO_LARGE, "it is larger than " + MAX_BYTES / 1024 + " KiB");
    }

    /** The document as plain Java values for the domain to judge: maps, lists, strings, numbers, booleans, null. */
    private static Object parse(byte[] body) throws Unreachable {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return plain(reader.readValue());
        } catch (JsonException | IllegalStateException e) {
            throw new Unreachable(Outcome.NOT_JSON, "the answer is not JSON (" + e.getMessage() + ")");
        }
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                ((JsonObject) value).forEach((name, member) -> members.put(name, plain(member)));
                yield members;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                ((JsonArray) value).forEach(item -> items.add(plain(item)));
                yield items;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    /**
     * The JDK's trusted CAs plus those of the configured PEM file, read again when the file changes (a renewed private
     * CA needs no restart).
     */
    private synchronized SSLContext tls() throws IOException, GeneralSecurityException {
        Path file = truststore.map(Path::of).orElse(null);
        String stamp = file == null ? "" : Files.getLastModifiedTime(file) + "/" + Files.size(file);
        if (tls != null && stamp.equals(tlsStamp)) {
            return tls;
        }
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int n = 0;
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    trusted.setCertificateEntry("jdk-" + n++, ca);
                }
            }
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("configured-" + n++, ca);
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        tls = context;
        tlsStamp = stamp;
        return context;
    }

    private void count(Outcome outcome) {
        outcomes.get(outcome).incrementAndGet();
    }

    /** Fetches that ended this way since start; only grows. */
    public long outcomes(Outcome outcome) {
        return outcomes.get(outcome).get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Whether fetching runs at all (MCPTRACE_CLIENT_METADATA_FETCH). */
    public boolean running() {
        return loop != null;
    }
}
