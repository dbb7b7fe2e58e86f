package org.sipalg.core.route;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Whether each realm's probed next hop is up, as a prober outside the shards finds out (an
 * OPTIONS answered, an ICMP port unreachable, silence). Written by the prober, read by every shard
 * on each request that leaves by a realm: one volatile read, no lock. Each entry names the hop it
 * is about, so a next hop changed by a live reload is not judged by its predecessor's state.
 */
public final class NextHopHealth {
    /** No realm probed: every next hop counts as up. */
    public static final NextHopHealth NONE = new NextHopHealth(0);

    public static final int UP = 0;
    /** The hop's host said so (ICMP port or host unreachable). */
    public static final int UNREACHABLE = 1;
    /** The hop did not answer the last probe. */
    public static final int SILENT = 2;

    /** Per realm: state (bits 48+), hop IPv4 (bits 16-47), hop port (bits 0-15). */
    private final AtomicLongArray entries;

    public NextHopHealth(int realms) {
        entries = new AtomicLongArray(realms);
    }

    /** Prober thread: what the last probe of ip:port, {@code realm}'s next hop, found. */
    public void state(int realm, int ip, int port, int state) {
        entries.set(realm, (long) state << 48 | (ip & 0xFFFFFFFFL) << 16 | port);
    }

    /** Any thread: {@link #UP}, {@link #UNREACHABLE} or {@link #SILENT}, for the hop last probed. */
    public int state(int realm) {
        return realm < entries.length() ? (int) (entries.get(realm) >>> 48) : UP;
    }

    /** Any thread: true when ip:port is the hop probed for {@code realm} and its last probe failed. */
    public boolean isDown(int realm, int ip, int port) {
        if (realm >= entries.length()) {
            return false;
        }
        long entry = entries.get(realm);
        return entry >>> 48 != UP && (int) (entry >>> 16) == ip && (int) (entry & 0xFFFF) == port;
    }
}
