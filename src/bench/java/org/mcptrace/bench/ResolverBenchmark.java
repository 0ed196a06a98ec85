package org.mcptrace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mcptrace.domain.resolution.AccessPolicySnapshot;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadSnapshot;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadSnapshot;
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
            clients.add(new ClientWorkloadSnapshot(i, "Client " + i, true, List.of(redirectUri(i))));
            servers.add(new ServerWorkloadSnapshot(workloads + i, "Server " + i, true, resourceUrl(i)));
            policies.add(new AccessPolicySnapshot(2L * workloads + i, "Policy " + i, true, i, workloads + i));
        }
        snapshot = ConfigurationSnapshot.of(1, clients, servers, policies);
        nextRequest();
        Resolution check = Resolver.resolve(matched, snapshot);
        if (check.policy() == null) {
            throw new IllegalStateException("matched requests must reach a policy: " + check);
        }
    }

    @Setup(Level.Invocation)
    public void nextRequest() {
        int spread = Math.min(workloads, HOT_SET);
        int c = random.nextInt(spread);
        int s = random.nextInt(spread);
        matched = request(redirectUri(c), resourceUrl(c), c);
        // one differing component on each side: the near-miss search finds and explains the registered one
        nearMiss = request(redirectUri(c) + "/", "https://mcp-" + s + ".example.com:8443/mcp", c);
        // nothing registered is close: the search probes every key and finds nothing
        unknown = request("https://elsewhere-" + c + ".example.org/oauth/return",
                "https://unknown-" + s + ".example.org/sse", c);
    }

    static String redirectUri(int i) {
        return "https://client-" + i + ".example.com/oauth/callback";
    }

    static String resourceUrl(int i) {
        return "https://mcp-" + i + ".example.com/mcp";
    }

    private static AuthorizationRequest request(String redirectUri, String resource, int client) {
        return AuthorizationRequest.of(redirectUri, resource, "client-" + client);
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
