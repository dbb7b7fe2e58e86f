package org.sipalg.transport.pipeline;

import java.net.InetSocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import org.agrona.collections.Long2ObjectHashMap;
import org.sipalg.core.bytes.Ascii;

/**
 * Hands a shard's outgoing datagrams to the socket of their realm's face and flushes each face
 * once per batch. One per shard, used on the shard's thread only. (It was a ring stage of its own:
 * a stage after the shards busy-waits on them and cost a core's worth of spinning under load.)
 */
final class FaceSender {
    /** Destinations seen recently; bounded so that a scan of many sources cannot grow it for ever. */
    private static final int MAX_CACHED_ADDRESSES = 65_536;

    private final Channel[] faces;
    private final boolean[] pendingFlush;
    private final Long2ObjectHashMap<InetSocketAddress> addresses = new Long2ObjectHashMap<>();

    FaceSender(Channel[] faces) {
        this.faces = faces;
        this.pendingFlush = new boolean[faces.length];
    }

    /** Queues {@code datagram} (ownership passes to Netty) on the face of {@code realm}. */
    void send(ByteBuf datagram, int realm, int ip, int port) {
        Channel face = faces[realm];
        face.write(new DatagramPacket(datagram, address(ip, port)), face.voidPromise());
        pendingFlush[realm] = true;
    }

    /** End of a batch: one flush per face that was written to. */
    void flush() {
        for (int r = 0; r < faces.length; r++) {
            if (pendingFlush[r]) {
                faces[r].flush();
                pendingFlush[r] = false;
            }
        }
    }

    private InetSocketAddress address(int ip, int port) {
        long key = ((long) ip << 16) | port;
        InetSocketAddress address = addresses.get(key);
        if (address == null) {
            if (addresses.size() >= MAX_CACHED_ADDRESSES) {
                addresses.clear();
            }
            address = new InetSocketAddress(Ascii.ipv4ToString(ip), port);
            addresses.put(key, address);
        }
        return address;
    }
}
