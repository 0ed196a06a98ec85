package org.mcptrace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mcptrace.domain.resolution.AccessPolicyView;
import org.mcptrace.domain.resolution.AuthorizationRequest;
import org.mcptrace.domain.resolution.ClientWorkloadView;
import org.mcptrace.domain.resolution.ConfigurationSnapshot;
import org.mcptrace.domain.resolution.Resolution;
import org.mcptrace.domain.resolution.Resolver;
import org.mcptrace.domain.resolution.ServerWorkloadView;
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
 * <p>Each invocation resolves the next request from a pool of 8,192 drawn uniformly over all N workloads, so at
 * 100,000 workloads the index lookups miss the CPU caches as they would in production; resolving one request in a
 * loop would keep it hot and flatter the large sizes. SampleTime gives the median the target is stated in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"})
public class ResolverBenchmark {

    private static final int POOL = 8192;
    /**
     * How many distinct workloads the requests are drawn from; all of them by default. A small figure
     * (-jvmArgsAppend -Dbench.hotSet=16) shows the cost with a hot working set, to separate cache misses from work.
     */
    private static final int HOT_SET = Integer.getInteger("bench.hotSet", Integer.MAX_VALUE);

    @Param({"10", "1000", "100000"})
    public int workloads;

    private ConfigurationSnapshot snapshot;
    private AuthorizationRequest[] matched;
    private AuthorizationRequest[] nearMiss;
    private AuthorizationRequest[] unknown;
    private int next;

    @Setup(Level.Trial)
    public void configure() {
        snapshot = snapshot(workloads);
        SplittableRandom random = new SplittableRandom(17);
        matched = new AuthorizationRequest[POOL];
        nearMiss = new AuthorizationRequest[POOL];
        unknown = new AuthorizationRequest[POOL];
        for (int i = 0; i < POOL; i++) {
            int spread = Math.min(workloads, HOT_SET);
            int c = random.nextInt(spread);
            int s = random.nextInt(spread);
            matched[i] = request(redirectUri(c), resourceUrl(c), c);
            // one differing component on each side: the near-miss search finds and explains the registered one
            nearMiss[i] = request(redirectUri(c) + "/", "https://mcp-" + s + ".example.com:8443/mcp", c);
            // nothing registered is close: the search probes every key and finds nothing
            unknown[i] = request("https://elsewhere-" + c + ".example.org/oauth/return",
                    "https://unknown-" + s + ".example.org/sse", c);
        }
        Resolution check = Resolver.resolve(matched[0], snapshot);
        if (check.policy() == null) {
            throw new IllegalStateException("matched requests must reach a policy: " + check);
        }
    }

    static ConfigurationSnapshot snapshot(int n) {
        List<ClientWorkloadView> clients = new ArrayList<>(n);
        List<ServerWorkloadView> servers = new ArrayList<>(n);
        List<AccessPolicyView> policies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(new ClientWorkloadView(i, "Client " + i, true, List.of(redirectUri(i))));
            servers.add(new ServerWorkloadView(n + i, "Server " + i, true, resourceUrl(i)));
            policies.add(new AccessPolicyView(2L * n + i, "Policy " + i, true, i, n + i));
        }
        return ConfigurationSnapshot.of(1, clients, servers, policies);
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

    private AuthorizationRequest pick(AuthorizationRequest[] pool) {
        next = (next + 1) & (POOL - 1);
        return pool[next];
    }

    @Benchmark
    public Resolution matched() {
        return Resolver.resolve(pick(matched), snapshot);
    }

    @Benchmark
    public Resolution nearMiss() {
        return Resolver.resolve(pick(nearMiss), snapshot);
    }

    @Benchmark
    public Resolution unknown() {
        return Resolver.resolve(pick(unknown), snapshot);
    }

    /**
     * Diagnostic, not a target: only reads the next matched request's two strings, as any resolution must. Its growth
     * from 10 to 100,000 workloads is the part of the others' growth that the resolver's own layout cannot remove:
     * at 100,000 workloads the snapshot pushes the request pool itself out of the caches.
     */
    @Benchmark
    public int requestOnly() {
        AuthorizationRequest request = pick(matched);
        return request.redirectUris().get(0).hashCode() + request.resources().get(0).hashCode();
    }
}
