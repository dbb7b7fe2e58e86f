package org.sipalg.core.route;

import org.sipalg.core.bytes.Ascii;

/**
 * One side of the ALG: its signalling face, the networks it serves, its media address and port
 * range, and its default next hop. Immutable; addresses are IPv4 ints (big-endian).
 */
public final class Realm {
    private final int index;
    private final String name;
    private final int address;
    private final int port;
    private final byte[] signallingHost;
    private final byte[] signallingFace;
    private final int mediaAddress;
    private final byte[] mediaHost;
    private final int mediaPortMin;
    private final int mediaPortMax;
    private final int[] networks;
    private final int[] prefixLengths;
    private final int nextHopAddress;
    private final int nextHopPort;

    /**
     * @param advertised      host written into headers instead of {@code address} (1:1 NAT), or null
     * @param mediaAdvertised host written into SDP instead of {@code mediaAddress}, or null
     * @param nextHopPort     0 when the realm has no default next hop
     */
    public Realm(int index, String name, int address, int port, String advertised, int mediaAddress,
                 String mediaAdvertised, int mediaPortMin, int mediaPortMax, int[] networks, int[] prefixLengths,
                 int nextHopAddress, int nextHopPort) {
        this.index = index;
        this.name = name;
        this.address = address;
        this.port = port;
        this.signallingHost = Ascii.bytes(advertised != null ? advertised : Ascii.ipv4ToString(address));
        this.signallingFace = Ascii.bytes(new String(signallingHost, java.nio.charset.StandardCharsets.US_ASCII) + ":" + port);
        this.mediaAddress = mediaAddress;
        String media = mediaAdvertised != null ? mediaAdvertised : advertised != null ? advertised : Ascii.ipv4ToString(mediaAddress);
        this.mediaHost = Ascii.bytes(media);
        this.mediaPortMin = mediaPortMin;
        this.mediaPortMax = mediaPortMax;
        this.networks = networks.clone();
        this.prefixLengths = prefixLengths.clone();
        this.nextHopAddress = nextHopAddress;
        this.nextHopPort = nextHopPort;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public int address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The host this realm sees for the ALG's signalling (advertised name or bound address). */
    public byte[] signallingHost() {
        return signallingHost;
    }

    /** {@code host:port} of {@link #signallingHost()}: what Via, Record-Route and Contact name, written once. */
    public byte[] signallingFace() {
        return signallingFace;
    }

    public int mediaAddress() {
        return mediaAddress;
    }

    public byte[] mediaHost() {
        return mediaHost;
    }

    public int mediaPortMin() {
        return mediaPortMin;
    }

    public int mediaPortMax() {
        return mediaPortMax;
    }

    public boolean hasNextHop() {
        return nextHopPort != 0;
    }

    public int nextHopAddress() {
        return nextHopAddress;
    }

    public int nextHopPort() {
        return nextHopPort;
    }

    /** Length of the longest network prefix of this realm that holds {@code ipv4}, or -1. */
    public int matchLength(int ipv4) {
        int best = -1;
        for (int i = 0; i < networks.length; i++) {
            int bits = prefixLengths[i];
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            if ((ipv4 & mask) == networks[i] && bits > best) {
                best = bits;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name + "(" + Ascii.ipv4ToString(address) + ":" + port + ")";
    }
}
