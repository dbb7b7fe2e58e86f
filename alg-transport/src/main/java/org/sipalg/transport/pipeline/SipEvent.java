package org.sipalg.transport.pipeline;

import io.netty.buffer.ByteBuf;

/**
 * One slot of the ring: a received datagram with where it came from (or a tick, or a command).
 * Slots are created once when the ring is built and reused for ever.
 *
 * <p>Ownership: the receiver stores the packet's {@code datagram}; the shard that owns the call
 * reads it in place, sends what it produces straight to the faces, and releases it.
 */
public final class SipEvent {
    public static final int DATAGRAM = 1;
    /** A clock tick for the shards' timer wheels, published by the ticker. */
    public static final int TICK = 2;
    /** A {@link ShardCommand} for one shard, or for every shard when {@code shard == ALL_SHARDS}. */
    public static final int COMMAND = 3;
    public static final int ALL_SHARDS = -1;

    int type;
    ByteBuf datagram;
    int realm;
    int sourceIp;
    int sourcePort;
    long receivedNs;
    int shard;
    ShardCommand command;
}
