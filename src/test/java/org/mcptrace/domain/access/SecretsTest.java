package org.mcptrace.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void comparesSecrets() {
        assertTrue(Secrets.sameSecret("s3cret", "s3cret"));
        assertFalse(Secrets.sameSecret("s3cret", "s3creT"));
        assertFalse(Secrets.sameSecret("s3cret", "s3cret "));
        assertFalse(Secrets.sameSecret(null, "x"));
        assertFalse(Secrets.sameSecret("x", null));
    }

    @Test
    void tokensAre32RandomBytesInBase64Url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Secrets.newToken();
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
            assertTrue(seen.add(token), "tokens repeat");
        }
    }

    @Test
    void hashesTokensWithSha256() {
        // SHA-256("abc"), so a stored hash can be checked by hand
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.tokenHash("abc"));
        assertNotEquals(Secrets.tokenHash("a"), Secrets.tokenHash("b"));
    }
}
