package org.sipalg.transport.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.sipalg.core.route.Realm;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;

/**
 * One media stream of a call as the relay sees it: for each side an RTP and an RTCP socket on the
 * ALG's ports in that side's realm, where that side said to send its media (SDP) and where it
 * really sends from (latched, symmetric RTP). Relay thread only.
 */
final class RelayStream {
    static final int RTP = 0;
    static final int RTCP = 1;

    final long key;
    /** channel[side][RTP|RTCP] */
    final DatagramChannel[][] channel;
    private final Realm[] realm = new Realm[2];
    private final InetSocketAddress[][] target = new InetSocketAddress[2][2];
    private final InetSocketAddress[][] latched = new InetSocketAddress[2][2];
    private final long[] packets = new long[2];
    private final long[] bytes = new long[2];
    private boolean committed;
    private boolean timedOut;
    private long lastPacketNs;

    RelayStream(long key, DatagramChannel[][] channel, Realm callerRealm, Realm calleeRealm, long nowNs) {
        this.key = key;
        this.channel = channel;
        this.realm[0] = callerRealm;
        this.realm[1] = calleeRealm;
        this.lastPacketNs = nowNs;
    }

    /** From the side's SDP; null when it is on hold. Unlatches the side: it may have moved. */
    void target(int side, InetSocketAddress rtp) {
        target[side][RTP] = rtp;
        target[side][RTCP] = rtp == null ? null : new InetSocketAddress(rtp.getAddress(), rtp.getPort() + 1);
        latched[side][RTP] = null;
        latched[side][RTCP] = null;
    }

    void commit(long nowNs) {
        committed = true;
        lastPacketNs = nowNs;
    }

    /**
     * A packet arrived from {@code source} on {@code side}'s socket: latch onto the first source
     * inside the side's realm, refuse others, and send it on from the other side's socket.
     */
    void onPacket(int side, int kind, InetSocketAddress source, ByteBuffer packet, long nowNs, Counters counters)
        throws IOException {
        InetSocketAddress peer = latched[side][kind];
        if (peer == null) {
            if (realm[side].matchLength(source.getAddress().hashCode()) < 0) {
                counters.increment(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE);
                return;
            }
            latched[side][kind] = source;
        } else if (!peer.equals(source)) {
            counters.increment(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE);
            return;
        }
        lastPacketNs = nowNs;
        int other = 1 - side;
        InetSocketAddress destination = latched[other][kind] != null ? latched[other][kind] : target[other][kind];
        if (destination == null) {
            counters.increment(CounterId.MEDIA_DROPPED_NO_TARGET);
            return;
        }
        int length = packet.remaining();
        channel[other][kind].send(packet, destination);
        packets[side]++;
        bytes[side] += length;
        counters.increment(CounterId.MEDIA_PACKETS_RELAYED);
        counters.add(CounterId.MEDIA_BYTES_RELAYED, length);
    }

    /** True once, when a committed stream has been silent for longer than the timeout. */
    boolean timedOut(long nowNs, long timeoutNs) {
        if (!committed || timedOut || nowNs - lastPacketNs < timeoutNs) {
            return false;
        }
        timedOut = true;
        return true;
    }

    long packets(int side) {
        return packets[side];
    }

    long bytes(int side) {
        return bytes[side];
    }

    void close() {
        for (DatagramChannel[] side : channel) {
            for (DatagramChannel c : side) {
                MediaSockets.closeQuietly(c);
            }
        }
    }
}
