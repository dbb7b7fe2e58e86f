package org.sipalg.transport.pipeline;

import io.netty.buffer.ByteBuf;

/** Fills ring slots: the only writers of a slot's inbound fields. */
public final class SipEvents {
    private SipEvents() {
    }

    public static void datagram(SipEvent event, ByteBuf datagram, int realm, int sourceIp, int sourcePort, long receivedNs) {
        event.type = SipEvent.DATAGRAM;
        event.datagram = datagram;
        event.realm = realm;
        event.sourceIp = sourceIp;
        event.sourcePort = sourcePort;
        event.receivedNs = receivedNs;
        event.shard = 0;
    }

    public static void command(SipEvent event, ShardCommand command, int shard) {
        event.type = SipEvent.COMMAND;
        event.datagram = null;
        event.command = command;
        event.shard = shard;
    }

    public static void tick(SipEvent event) {
        event.type = SipEvent.TICK;
        event.datagram = null;
    }
}
