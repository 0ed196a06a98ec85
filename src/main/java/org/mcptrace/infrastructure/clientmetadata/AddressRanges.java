package org.mcptrace.infrastructure.clientmetadata;

import java.net.InetAddress;
import java.util.List;

/**
 * The address ranges a metadata fetch must not reach: a client ID is chosen by whoever sends the request, so without
 * this check mcptrace would fetch from its own loopback, the internal network or a cloud's instance metadata service
 * on an attacker's behalf (SSRF). IPv6 addresses that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4) are judged by the IPv4 address they carry.
 */
final class AddressRanges {

    /** Why a range is refused; {@code always}: even when private addresses are allowed. */
    private record Range(byte[] prefix, int bits, String why, boolean always) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final String METADATA = "a cloud instance metadata address";

    // cloud metadata services first, so that they are named as such rather than as link-local or private
    private static final List<Range> RANGES = List.of(
            range("169.254.169.254/32", METADATA, true),
            range("169.254.170.2/32", METADATA, true),
            range("100.100.100.200/32", METADATA, true),
            range("fd00:ec2::254/128", METADATA, true),
            range("0.0.0.0/8", "the unspecified or 'this network' range", true),
            range("224.0.0.0/4", "multicast", true),
            range("240.0.0.0/4", "reserved", true),
            range("127.0.0.0/8", "loopback", false),
            range("10.0.0.0/8", "private (RFC 1918)", false),
            range("172.16.0.0/12", "private (RFC 1918)", false),
            range("192.168.0.0/16", "private (RFC 1918)", false),
            range("100.64.0.0/10", "shared carrier-grade NAT space", false),
            range("169.254.0.0/16", "link-local", false),
            range("192.0.0.0/24", "IETF protocol assignments", false),
            range("192.0.2.0/24", "documentation (TEST-NET-1)", false),
            range("198.51.100.0/24", "documentation (TEST-NET-2)", false),
            range("203.0.113.0/24", "documentation (TEST-NET-3)", false),
            range("198.18.0.0/15", "benchmarking", false),
            range("::/128", "the unspecified address", true),
            range("ff00::/8", "multicast", true),
            range("::1/128", "loopback", false),
            range("fc00::/7", "unique local (private)", false),
            range("fe80::/10", "link-local", false),
            range("fec0::/10", "site-local (private)", false),
            range("2001:db8::/32", "documentation", false),
            range("100::/64", "discard-only", false),
            range("2001::/32", "Teredo tunnelling (the IPv4 address it hides is not checked)", false));

    private AddressRanges() {
    }

    /**
     * Why a fetch must not connect to {@code address}, or null when it may. With {@code allowPrivate}, loopback,
     * private and link-local addresses are allowed (a test, or a vendor document hosted inside the network), but
     * instance metadata, multicast and unspecified addresses never are.
     */
    static String refusal(InetAddress address, boolean allowPrivate) {
        byte[] bytes = address.getAddress();
        byte[] carried = carriedIpv4(bytes);
        return refusal(carried != null ? carried : bytes, allowPrivate);
    }

    private static String refusal(byte[] bytes, boolean allowPrivate) {
        for (Range range : RANGES) {
            if (range.contains(bytes) && (range.always() || !allowPrivate)) {
                return range.why();
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    static byte[] carriedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= bytes[i] == 0;
        }
        boolean mapped = zeros80 && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = zeros80 && bytes[10] == 0 && bytes[11] == 0
                && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && (bytes[15] == 0 || bytes[15] == 1));
        boolean nat64 = bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        if (mapped || compatible || nat64) {
            return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]};
        }
        return null;
    }

    private static Range range(String cidr, String why, boolean always) {
        int slash = cidr.indexOf('/');
        try {
            // literals only: getByName never asks DNS for them
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), why, always);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
