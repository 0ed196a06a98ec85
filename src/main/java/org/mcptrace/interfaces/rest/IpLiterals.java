package org.mcptrace.interfaces.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Checks address literals without ever resolving a name: a report must not make the server ask DNS anything. */
final class IpLiterals {

    private IpLiterals() {
    }

    static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text);
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!allowed) {
                return false;
            }
        }
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.') >= 0 && !isIpv4(text.substring(lastColon + 1))) {
            return false;
        }
        try {
            // with only hex digits, colons and dots this is parsed as a literal and never looked up
            return InetAddress.getByName(text).getAddress().length == 16 || text.contains("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
