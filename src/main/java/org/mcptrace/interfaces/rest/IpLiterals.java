package org.mcptrace.interfaces.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks address literals without ever resolving a name: a report must not make the server ask DNS anything. The JDK
 * parses IPv6; the pattern before it lets through only what it will parse as a literal. IPv4 is the pattern alone,
 * because the JDK takes BSD shorthand ({@code 1.2.3} is 1.2.0.3) and ambiguous leading zeros, and looks up anything
 * else, e.g. {@code 256.1.1.1}, as a host name. Zone ids ({@code fe80::1%eth0}) are refused: they mean something only
 * on the host that saw the request. (Guava's {@code InetAddresses} and commons-validator accept them, and would add a
 * jar or four to the WAR for this one check.)
 */
final class IpLiterals {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
    private static final Pattern V4 = Pattern.compile(IPV4);
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?:" + IPV4 + ")?");

    private IpLiterals() {
    }

    static boolean isValid(String text) {
        if (text == null || text.length() > 45) {
            return false;
        }
        if (V4.matcher(text).matches()) {
            return true;
        }
        try {
            // with a colon the JDK parses a literal and never looks anything up
            return V6.matcher(text).matches() && InetAddress.getByName(text) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
