package org.mcptrace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.FindingCode;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;
import org.mcptrace.domain.resolution.Severity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one resolution as the configuration grows: N Client Workloads, N Server Workloads and N Access Policies.
 *
 * <p>Before each call, untimed, the next request is built from workload numbers drawn afresh and uniformly over all N
 * workloads. That models production on both counts: the request's own strings were just parsed, so they are in the
 * CPU's caches, while the workloads it names are any of the N, so at 100,000 workloads the index reads miss the
 * caches. Drawing from a fixed pool instead does neither: the snapshot's reads push the pool's requests out of the
 * caches, and the pool's few thousand pairs let a compact index stay cached. SampleTime gives the median the target is
 * stated in.
 *
 * <p>The workloads follow step 2a as MCP clients use it today: a quarter register a Client ID Metadata Document URL
 * (workload number divisible by 4), a quarter a pre-registered opaque client ID (2 mod 4), half none; every request
 * carries a client_id. An eighth (1 mod 8) are native clients with a loopback redirect URI, presented with a port of
 * the moment (R2); the others register an https one. A matched request carries the workload's own client ID, or an
 * ID the workload does not pin. A near miss differs in one component on each side: its redirect URI has a trailing
 * slash; a metadata-URL client also sends its URL with a trailing slash (neither C1 nor R1 matches: both near-miss
 * indexes are asked), an opaque-ID client its own ID (C1 matches, and the workload's redirect URIs are the near
 * misses). An unknown request is close to nothing, a metadata-URL client sending a URL nobody registered.
 * {@link #configure()} checks that each kind of request gets the findings it is meant to measure.
 *
 * <p>{@link #snapshotBuild()} times building the snapshot itself from the workloads, as the server does after every
 * configuration change; each call is timed on its own (SingleShotTime), since one build takes up to seconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ResolverBenchmark {

    /**
     * How many distinct workloads the requests are drawn from; all of them by default. A small figure
     * (-jvmArgsAppend -Dbench.hotSet=16) shows the cost with a hot working set, to separate cache misses from work.
     */
    private static final int HOT_SET = Integer.getInteger("bench.hotSet", Integer.MAX_VALUE);

    @Param({"10", "1000", "100000"})
    public int workloads;

    private ConfigurationSnapshot snapshot;
    private final SplittableRandom random = new SplittableRandom(17);
    private AuthorizationRequest matched;
    private AuthorizationRequest nearMiss;
    private AuthorizationRequest unknown;
    private List<ClientWorkloadSnapshot> clients;
    private List<ServerWorkloadSnapshot> servers;
    private List<AccessPolicySnapshot> policies;

    @Setup(Level.Trial)
    public void configure() {
        clients = new ArrayList<>(workloads);
        servers = new ArrayList<>(workloads);
        policies = new ArrayList<>(workloads);
        for (int i = 0; i < workloads; i++) {
            String clientId = registeredClientId(i);
            clients.add(new ClientWorkloadSnapshot(i, "Client " + i, true, List.of(redirectUri(i)),
                    clientId == null ? List.of() : List.of(clientId)));
            servers.add(new ServerWorkloadSnapshot(workloads + i, "Server " + i, true, resourceUrl(i)));
            policies.add(new AccessPolicySnapshot(2L * workloads + i, "Policy " + i, true, i, workloads + i));
        }
        snapshot = ConfigurationSnapshot.of(1, clients, servers, policies);
        for (int i = 0; i < Math.min(workloads, 8); i++) {
            check(i);
        }
    }

    /** Each kind of request, for workload {@code i}, gets the findings it stands for, or the benchmark stops. */
    private void check(int i) {
        requestsFor(i, i);
        Resolution match = Resolver.resolve(matched, snapshot);
        if (match.policy() == null || match.severity() != Severity.INFO) {
            throw new IllegalStateException("a matched request must reach an active policy: " + match);
        }
        Resolution near = Resolver.resolve(nearMiss, snapshot);
        FindingCode client = i % 4 == 2 ? FindingCode.CLIENT_REDIRECT_URI_NOT_REGISTERED : FindingCode.CLIENT_NO_MATCH;
        if (!hasNearMisses(near, client) || !hasNearMisses(near, FindingCode.SERVER_NO_MATCH)) {
            throw new IllegalStateException("a near miss must be explained on both sides: " + near);
        }
        Resolution none = Resolver.resolve(unknown, snapshot);
        if (!none.has(FindingCode.CLIENT_NO_MATCH) || !none.has(FindingCode.SERVER_NO_MATCH)
                || none.findings().stream().anyMatch(finding -> !finding.nearMisses().isEmpty())) {
            throw new IllegalStateException("an unknown request must be close to nothing: " + none);
        }
    }

    private static boolean hasNearMisses(Resolution resolution, FindingCode code) {
        return resolution.findings().stream().anyMatch(finding -> finding.code() == code
                && !finding.nearMisses().isEmpty());
    }

    @Setup(Level.Invocation)
    public void nextRequest() {
        int spread = Math.min(workloads, HOT_SET);
        requestsFor(random.nextInt(spread), random.nextInt(spread));
    }

    private void requestsFor(int c, int s) {
        String clientId = registeredClientId(c);
        String unpinned = "dcr-" + c;
        matched = AuthorizationRequest.of(presentedRedirectUri(c), resourceUrl(c),
                clientId == null ? unpinned : clientId);
        // one differing component on each side: the near-miss search finds and explains the registered one
        nearMiss = AuthorizationRequest.of(presentedRedirectUri(c) + "/",
                "https://mcp-" + s + ".example.com:8443/mcp",
                clientId == null ? unpinned : c % 4 == 0 ? clientId + "/" : clientId);
        // nothing registered is close on either side
        unknown = AuthorizationRequest.of("https://elsewhere-" + c + ".example.org/oauth/return",
                "https://unknown-" + s + ".example.org/sse",
                c % 4 == 0 ? "https://elsewhere-" + c + ".example.org/client.json" : unpinned);
    }

    static String redirectUri(int i) {
        return i % 8 == 1 ? "http://127.0.0.1/oauth/callback-" + i
                : "https://client-" + i + ".example.com/oauth/callback";
    }

    /** What the client sends: a loopback redirect URI carries the port it listens on this time. */
    static String presentedRedirectUri(int i) {
        return i % 8 == 1 ? "http://127.0.0.1:" + (49152 + i % 16384) + "/oauth/callback-" + i : redirectUri(i);
    }

    static String resourceUrl(int i) {
        return "https://mcp-" + i + ".example.com/mcp";
    }

    /** A metadata document URL for a quarter of the workloads, an opaque ID for another quarter, else none. */
    static String registeredClientId(int i) {
        return switch (i % 4) {
            case 0 -> "https://client-" + i + ".example.com/oauth/client-metadata.json";
            case 2 -> "opaque-" + Integer.toHexString(i * 0x9E3779B1);
            default -> null;
        };
    }

    @Benchmark
    public Resolution matched() {
        return Resolver.resolve(matched, snapshot);
    }

    @Benchmark
    public Resolution nearMiss() {
        return Resolver.resolve(nearMiss, snapshot);
    }

    @Benchmark
    public Resolution unknown() {
        return Resolver.resolve(unknown, snapshot);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ConfigurationSnapshot snapshotBuild() {
        return ConfigurationSnapshot.of(2, clients, servers, policies);
    }
}
