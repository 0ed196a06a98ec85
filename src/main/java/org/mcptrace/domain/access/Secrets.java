package org.mcptrace.domain.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Secret handling in one place. Passwords are compared in constant time so response timing does not reveal how much
 * of a guess was right. Gateway tokens are 32 random bytes (base64url), so a plain SHA-256 is a sufficient one-way
 * hash: there is nothing to brute-force that a slow hash would protect.
 */
public final class Secrets {

    public static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static boolean sameSecret(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        // digests have equal length whatever the inputs, so even the length of the secret does not leak
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String tokenHash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
