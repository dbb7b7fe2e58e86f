package org.sipalg.core.media;

/**
 * The relay port pairs (even RTP port, RTCP on port+1) one shard may hand out in one realm. The
 * realm's range is split between shards by pair index, so no two shards share a port and no lock
 * is needed. Free pairs are a LIFO stack. Not thread-safe: owned by one shard.
 */
public final class PortPool {
    private final int[] free;
    private int freeCount;
    private final int capacity;

    /** Pairs of [min, max] whose pair index % shardCount == shardIndex. {@code min} is even. */
    public PortPool(int min, int max, int shardIndex, int shardCount) {
        int pairs = (max - min + 1) / 2;
        int mine = 0;
        for (int pair = 0; pair < pairs; pair++) {
            if (pair % shardCount == shardIndex) {
                mine++;
            }
        }
        free = new int[mine];
        // Highest first so that allocation hands out the lowest ports first: easier to read in traces.
        for (int pair = pairs - 1; pair >= 0; pair--) {
            if (pair % shardCount == shardIndex) {
                free[freeCount++] = min + 2 * pair;
            }
        }
        capacity = mine;
    }

    /** An even RTP port, or -1 when the pool is exhausted. */
    public int allocate() {
        return freeCount == 0 ? -1 : free[--freeCount];
    }

    public void release(int port) {
        if (freeCount == free.length) {
            throw new IllegalStateException("port " + port + " released twice");
        }
        free[freeCount++] = port;
    }

    public int available() {
        return freeCount;
    }

    public int capacity() {
        return capacity;
    }
}
