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
    /** As many bytes as the registered keys (redirect URIs and resource URLs) take, and where each request's lie. */
    private byte[] keyBytes;
    private int[] clientKeyAt;
    private int[] serverKeyAt;
    /** Keeps the reads of {@link #nextRequest} from being optimised away. */
    public int touched;

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
        long total = 0;
        for (int i = 0; i < workloads; i++) {
            total += redirectUri(i).length() + resourceUrl(i).length();
        }
        keyBytes = new byte[(int) total];
        clientKeyAt = new int[POOL];
        serverKeyAt = new int[POOL];
        SplittableRandom places = new SplittableRandom(29);
        for (int i = 0; i < POOL; i++) {
            clientKeyAt[i] = places.nextInt(keyBytes.length);
            serverKeyAt[i] = places.nextInt(keyBytes.length);
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

    /**
     * Before each call, untimed: moves to the next request of each pool and reads it through, so that it sits in the
     * CPU's caches as a request does in production, where resolution runs on the strings the report was just parsed
     * into. Without this, at 100,000 workloads the snapshot's reads push the pool out of the caches, and every call
     * would also pay three or four misses to reach its own request (object, list, string, characters): a cost of the
     * benchmark's pool, not of resolving.
     */
    @Setup(Level.Invocation)
    public void nextRequest() {
        next = (next + 1) & (POOL - 1);
        touched += touch(matched[next]) + touch(nearMiss[next]) + touch(unknown[next]);
    }

    private static int touch(AuthorizationRequest request) {
        int sum = 0;
        for (String value : request.redirectUris()) {
            sum += value.hashCode() + value.charAt(value.length() - 1);
        }
        for (String value : request.resources()) {
            sum += value.hashCode() + value.charAt(value.length() - 1);
        }
        return sum;
    }

    @Benchmark
    public Resolution matched() {
        return Resolver.resolve(matched[next], snapshot);
    }

    @Benchmark
    public Resolution nearMiss() {
        return Resolver.resolve(nearMiss[next], snapshot);
    }

    @Benchmark
    public Resolution unknown() {
        return Resolver.resolve(unknown[next], snapshot);
    }

    /**
     * Diagnostic, not a target: the same call with nothing behind it, so that its time is what the harness itself
     * (sampling clock, the call) costs at each size.
     */
    @Benchmark
    public int requestOnly() {
        AuthorizationRequest request = matched[next];
        return request.redirectUris().get(0).hashCode() + request.resources().get(0).hashCode();
    }

    /**
     * Diagnostic, not a target: the least any exact match must read. Deciding a match means comparing the presented
     * strings with registered ones, so some read must reach the registered keys' bytes, which at N workloads span at
     * least this array; this reads one random byte of it for each side, in parallel, and does nothing else. Its growth
     * from 10 to 100,000 workloads is the part of matched's growth that no layout can remove on this machine.
     */
    @Benchmark
    public int keyReadFloor() {
        return keyBytes[clientKeyAt[next]] + keyBytes[serverKeyAt[next]];
    }
}
