package org.mcptrace.infrastructure.clientmetadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRangesTest {

    /** Address literal; refused by default (why); refused when private addresses are allowed. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        // public
        "93.184.216.34; -; -",
        "8.8.8.8; -; -",
        "2606:4700:4700::1111; -; -",
        "172.32.0.1; -; -",
        "100.128.0.1; -; -",
        // loopback, private, link-local: refused unless allowed
        "127.0.0.1; loopback; -",
        "127.255.255.254; loopback; -",
        "10.1.2.3; private (RFC 1918); -",
        "172.16.0.1; private (RFC 1918); -",
        "172.31.255.255; private (RFC 1918); -",
        "192.168.1.1; private (RFC 1918); -",
        "100.64.0.1; shared carrier-grade NAT space; -",
        "169.254.1.1; link-local; -",
        "198.18.0.1; benchmarking; -",
        "192.0.2.1; documentation (TEST-NET-1); -",
        "::1; loopback; -",
        "fc00::1; unique local (private); -",
        "fd12:3456::1; unique local (private); -",
        "fe80::1; link-local; -",
        "2001:db8::1; documentation; -",
        // cloud instance metadata: always refused
        "169.254.169.254; a cloud instance metadata address; a cloud instance metadata address",
        "169.254.170.2; a cloud instance metadata address; a cloud instance metadata address",
        "100.100.100.200; a cloud instance metadata address; a cloud instance metadata address",
        "fd00:ec2::254; a cloud instance metadata address; a cloud instance metadata address",
        // not a server at all: always refused
        "0.0.0.0; the unspecified or 'this network' range; the unspecified or 'this network' range",
        "224.0.0.1; multicast; multicast",
        "255.255.255.255; reserved; reserved",
        ":: ; the unspecified address; the unspecified address",
        "ff02::1; multicast; multicast",
        // IPv6 carrying IPv4: judged by the IPv4 address
        "::ffff:127.0.0.1; loopback; -",
        "::ffff:169.254.169.254; a cloud instance metadata address; a cloud instance metadata address",
        "::ffff:8.8.8.8; -; -",
        "::127.0.0.1; loopback; -",
        "::10.0.0.1; private (RFC 1918); -",
        "64:ff9b::a9fe:a9fe; a cloud instance metadata address; a cloud instance metadata address",
        "64:ff9b::808:808; -; -",
        "2002:7f00:1::; loopback; -",
        "2002:a9fe:a9fe::1; a cloud instance metadata address; a cloud instance metadata address",
        "2002:808:808::1; -; -",
    })
    void refusesWhatAFetchMustNotReach(String literal, String refused, String refusedWhenPrivateAllowed)
            throws Exception {
        InetAddress address = InetAddress.getByName(literal.strip());
        assertEquals(refused, AddressRanges.refusal(address, false), literal);
        assertEquals(refusedWhenPrivateAllowed, AddressRanges.refusal(address, true), literal);
    }

    @ParameterizedTest
    @CsvSource({"::ffff:127.0.0.1", "::ffff:a9fe:a9fe"})
    void ipv4MappedAddressesAreTheIpv4AddressTheyCarry(String literal) throws Exception {
        // the JDK turns a mapped literal into an Inet4Address; the raw 16 bytes are judged the same way
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xff;
        raw[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(literal).getAddress(), 0, raw, 12, 4);
        assertEquals(AddressRanges.refusal(InetAddress.getByName(literal), false),
                AddressRanges.refusal(java.net.Inet6Address.getByAddress(null, raw, -1), false));
    }
}
