package org.sipalg.transport.config;

/**
 * An IPv4 network {@code a.b.c.d/n}. IPv4 addresses are big-endian ints: 127.0.1.1 is {@code 0x7F000101}.
 *
 * @param network      the network address, with the host bits cleared
 * @param prefixLength 0..32
 */
public record Cidr(int network, int prefixLength) {

    /** Clears the host bits of {@code network}. */
    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0..32");
        }
        network &= mask(prefixLength);
    }

    /** Whether {@code ipv4} lies in this network. */
    public boolean contains(int ipv4) {
        return (ipv4 & mask(prefixLength)) == network;
    }

    /**
     * Parses {@code a.b.c.d/n}; host bits are cleared, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
     *
     * @throws IllegalArgumentException if {@code text} is not of that form
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR network: " + text);
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(Cidr::isDigit)) {
            throw new IllegalArgumentException("not a CIDR network: " + text);
        }
        return new Cidr(ipv4ToInt(text.substring(0, slash)), Integer.parseInt(prefix));
    }

    /**
     * Converts a dotted IPv4 address to a big-endian int: {@code 127.0.1.1} gives {@code 0x7F000101}.
     *
     * @throws IllegalArgumentException if {@code dotted} is not four decimal numbers 0..255 (no leading zeros)
     *                                  separated by dots
     */
    public static int ipv4ToInt(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int result = 0;
        for (String part : parts) {
            boolean leadingZero = part.length() > 1 && part.charAt(0) == '0';  // 010 would be octal to inet_aton
            if (part.isEmpty() || part.length() > 3 || leadingZero || !part.chars().allMatch(Cidr::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            result = (result << 8) | octet;
        }
        return result;
    }

    /** Whether {@code text} is a dotted IPv4 address that {@link #ipv4ToInt} accepts. */
    public static boolean isIpv4(String text) {
        try {
            ipv4ToInt(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The dotted form of a big-endian IPv4 int: {@code 0x7F000101} gives {@code 127.0.1.1}. */
    public static String intToIpv4(int ipv4) {
        return (ipv4 >>> 24) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." + (ipv4 & 0xFF);
    }

    @Override
    public String toString() {
        return intToIpv4(network) + "/" + prefixLength;
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
