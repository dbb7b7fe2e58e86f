package org.sipalg.transport.pipeline;

import io.netty.buffer.ByteBuf;

/**
 * One slot of the ring: a received datagram with where it came from, and the datagrams the shard
 * produced from it. Slots are created once when the ring is built and reused for ever.
 *
 * <p>Ownership: the receiver stores a retained {@code datagram}; the shard fills {@code outputs};
 * the send stage writes the outputs (handing them to Netty) and releases {@code datagram}.
 */
public final class SipEvent {
    public static final int DATAGRAM = 1;
    /** A clock tick for the shards' timer wheels, published by the ticker. */
    public static final int TICK = 2;
    /** A {@link ShardCommand} for one shard, or for every shard when {@code shard == ALL_SHARDS}. */
    public static final int COMMAND = 3;
    public static final int ALL_SHARDS = -1;
    /**
     * Datagrams one event may yield: a message yields two at most (100 Trying + the forward); a
     * shutdown command ending a batch of calls yields two BYEs per call.
     */
    public static final int MAX_OUTPUTS = 64;

    int type;
    ByteBuf datagram;
    int realm;
    int sourceIp;
    int sourcePort;
    long receivedNs;
    /** When the shard finished with the datagram (System.nanoTime): the send stage measures from it. */
    long processedNs;
    int shard;
    ShardCommand command;

    final ByteBuf[] outputs = new ByteBuf[MAX_OUTPUTS];
    final int[] outputRealm = new int[MAX_OUTPUTS];
    final int[] outputIp = new int[MAX_OUTPUTS];
    final int[] outputPort = new int[MAX_OUTPUTS];
    int outputCount;

    void clear() {
        type = 0;
        datagram = null;
        command = null;
        outputCount = 0;
    }
}
