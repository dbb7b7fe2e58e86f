package org.sipalg.core.media;

/**
 * A media stream's id, shared by the shard and the relay: shard (6 bits), call slot (24),
 * call generation (23), stream index (3), so that a late message about a reused call slot
 * can never reach the new call's stream.
 */
public final class MediaKeys {
    private MediaKeys() {
    }

    public static long key(int shard, int callIndex, int generation, int stream) {
        return ((long) shard << 50) | ((long) (callIndex & 0xFFFFFF) << 26) | ((long) (generation & 0x7FFFFF) << 3) | (stream & 7);
    }

    /** The key with the stream index cleared: the same for every stream of one call. */
    public static long callKey(long key) {
        return key & ~7L;
    }

    public static int shard(long key) {
        return (int) (key >>> 50) & 0x3F;
    }

    public static int callIndex(long key) {
        return (int) (key >>> 26) & 0xFFFFFF;
    }

    public static int generation(long key) {
        return (int) (key >>> 3) & 0x7FFFFF;
    }

    public static int stream(long key) {
        return (int) key & 7;
    }
}
