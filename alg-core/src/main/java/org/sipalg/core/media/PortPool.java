package org.sipalg.core.media;

/**
 * The relay port pairs (even RTP port, RTCP on port+1) one shard may hand out in one realm. The
 * realm's range is split between shards by pair index, so no two shards share a port and no lock
 * is needed. Free pairs form a FIFO ring: a released port waits behind all others before it is
 * used again, so late packets of an ended call do not reach the next one.
 * Not thread-safe: owned by one shard.
 */
public final class PortPool {
    private final int[] ring;
    private int head;
    private int count;

    /** Pairs of [min, max] whose pair index % shardCount == shardIndex. {@code min} is even. */
    public PortPool(int min, int max, int shardIndex, int shardCount) {
        int pairs = (max - min + 1) / 2;
        int mine = 0;
        for (int pair = shardIndex; pair < pairs; pair += shardCount) {
            mine++;
        }
        ring = new int[mine];
        for (int pair = shardIndex; pair < pairs; pair += shardCount) {
            ring[count++] = min + 2 * pair;
        }
    }

    /** An even RTP port, or -1 when the pool is exhausted. */
    public int allocate() {
        if (count == 0) {
            return -1;
        }
        int port = ring[head];
        head = head + 1 == ring.length ? 0 : head + 1;
        count--;
        return port;
    }

    public void release(int port) {
        if (count == ring.length) {
            throw new IllegalStateException("port " + port + " released twice");
        }
        int tail = head + count;
        ring[tail >= ring.length ? tail - ring.length : tail] = port;
        count++;
    }

    public int available() {
        return count;
    }

    public int capacity() {
        return ring.length;
    }
}
