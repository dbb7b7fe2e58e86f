package org.sipalg.core.route;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Whether each realm's configured next hop is up, as a prober outside the shards finds out (an
 * OPTIONS answered, an ICMP port unreachable, silence). Written by the prober, read by every shard
 * on each request to that hop: one volatile read, no lock.
 */
public final class NextHopHealth {
    /** No realm probed: every next hop counts as up. */
    public static final NextHopHealth NONE = new NextHopHealth(0);

    public static final int UP = 0;
    /** The hop's host said so (ICMP port or host unreachable). */
    public static final int UNREACHABLE = 1;
    /** The hop did not answer the last probe. */
    public static final int SILENT = 2;

    private final AtomicIntegerArray states;

    public NextHopHealth(int realms) {
        states = new AtomicIntegerArray(realms);
    }

    /** Prober thread: what the last probe of {@code realm}'s next hop found. */
    public void state(int realm, int state) {
        states.set(realm, state);
    }

    /** Any thread: {@link #UP}, {@link #UNREACHABLE} or {@link #SILENT}. */
    public int state(int realm) {
        return realm < states.length() ? states.get(realm) : UP;
    }

    /** Any thread: true when {@code realm}'s configured next hop is ip:port and its last probe failed. */
    public boolean isDown(Realm realm, int ip, int port) {
        return state(realm.index()) != UP && realm.hasNextHop() && realm.nextHopAddress() == ip && realm.nextHopPort() == port;
    }
}
