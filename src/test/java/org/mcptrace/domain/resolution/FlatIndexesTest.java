package org.mcptrace.domain.resolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The flat tables behind the snapshot: keys that share a hash, characters beyond Latin-1, names that are null. */
class FlatIndexesTest {

    @Test
    void keysWithTheSameHashAreToldApartByTheirCharacters() {
        // "Aa" and "BB" have the same String.hashCode
        StringTable.Builder builder = new StringTable.Builder();
        builder.putIfAbsent("Aa", 1);
        builder.putIfAbsent("BB", 2);
        builder.putIfAbsent("Aa", 3);
        StringTable table = builder.build();

        assertEquals(1, table.get("Aa"));
        assertEquals(2, table.get("BB"));
        assertEquals(-1, table.get("Ab"));
        assertEquals(-1, table.get(null));
        assertEquals(2, table.size());
    }

    @Test
    void keysBeyondLatin1AreComparedExactly() {
        StringTable.Builder builder = new StringTable.Builder();
        builder.putIfAbsent("https://例え.jp/cb", 7);
        builder.putIfAbsent("https://café.example/cb", 8);
        StringTable table = builder.build();

        assertEquals(7, table.get("https://例え.jp/cb"));
        assertEquals(8, table.get("https://café.example/cb"));
        assertEquals(-1, table.get("https://例え.jp/cc"));
        assertEquals(-1, table.get("https://cafe.example/cb"));
    }

    @Test
    void nearMissesKeepNamesAndUrisBeyondLatin1AndNullNames() {
        ConfigurationSnapshot snapshot = ConfigurationSnapshot.of(1,
                List.of(new ClientWorkloadView(1, "Клиент 客户端", true, List.of("https://app.example/回调")),
                        new ClientWorkloadView(2, null, true, List.of("https://other.example/cb"))),
                List.of(), List.of());

        NearMiss wide = nearMiss(snapshot, "https://app.example/%E5%9B%9E%E8%B0%83");
        assertEquals("Клиент 客户端", wide.workloadName());
        assertEquals("https://app.example/回调", wide.registered());
        assertEquals(List.of(Difference.PATH), wide.differences());

        NearMiss unnamed = nearMiss(snapshot, "https://other.example/cb/");
        assertNull(unnamed.workloadName());
        assertEquals(2, unnamed.workloadId());
    }

    @Test
    void eachRegisteredUriOfAWorkloadReachesItsPolicy() {
        ConfigurationSnapshot snapshot = Snapshots.builder()
                .client(1, "A", "https://a.example/one", "https://a.example/two")
                .client(2, "B", "https://b.example/cb")
                .server(10, "S", "https://mcp.example.com/mcp")
                .policy(100, "A to S", 1, 10)
                .build();

        for (String uri : List.of("https://a.example/one", "https://a.example/two")) {
            Resolution resolution = Resolver.resolve(AuthorizationRequest.of(uri, "https://mcp.example.com/mcp", null),
                    snapshot);
            assertEquals(Decision.ALLOWED, resolution.decision());
            assertEquals(100, resolution.policy().id());
        }
        Resolution other = Resolver.resolve(AuthorizationRequest.of("https://b.example/cb",
                "https://mcp.example.com/mcp", null), snapshot);
        assertTrue(other.has(FindingCode.POLICY_MISSING));
    }

    /**
     * Enough keys that the tags in front of the slots agree by chance (one in 128) and probe chains run into one
     * another: every present key is still found with its own value, and no absent one is.
     */
    @Test
    void tagsNeverHideAPresentKeyNorAdmitAnAbsentOne() {
        StringTable.Builder builder = new StringTable.Builder();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            builder.putIfAbsent("https://client-" + i + ".example.com/cb", i);
        }
        StringTable table = builder.build();

        for (int i = 0; i < n; i++) {
            assertEquals(i, table.get("https://client-" + i + ".example.com/cb"));
            assertEquals(-1, table.get("https://client-" + i + ".example.com/cc"));
            assertEquals(-1, table.get("https://client-" + (n + i) + ".example.com/cb"));
        }
    }

    /** The near-miss table grows many times on the way to 5,000 URIs; its tags must move with its slots. */
    @Test
    void nearMissesAreFoundAfterTheTableHasGrown() {
        Snapshots builder = Snapshots.builder();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            builder.client(i + 1, "C" + i, "https://client-" + i + ".example.com/oauth/callback");
        }
        ConfigurationSnapshot snapshot = builder.build();

        for (int i = 0; i < n; i += 7) {
            NearMiss near = nearMiss(snapshot, "https://client-" + i + ".example.com/oauth/callback/");
            assertEquals(i + 1, near.workloadId());
            assertEquals(List.of(Difference.TRAILING_SLASH), near.differences());
        }
        Resolution unknown = Resolver.resolve(AuthorizationRequest.of("https://elsewhere.example.org/return",
                "https://x.example/mcp", null), snapshot);
        assertEquals(List.of(), unknown.findings().get(0).nearMisses());
    }

    private static NearMiss nearMiss(ConfigurationSnapshot snapshot, String redirectUri) {
        Resolution resolution = Resolver.resolve(AuthorizationRequest.of(redirectUri, "https://x.example/mcp", null),
                snapshot);
        Finding client = resolution.findings().get(0);
        assertEquals(FindingCode.CLIENT_NO_MATCH, client.code());
        return client.nearMisses().get(0);
    }
}
