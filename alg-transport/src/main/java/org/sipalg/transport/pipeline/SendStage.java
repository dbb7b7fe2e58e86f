package org.sipalg.transport.pipeline;

import java.net.InetSocketAddress;

import com.lmax.disruptor.EventHandler;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import org.agrona.collections.Long2ObjectHashMap;
import org.sipalg.core.bytes.Ascii;

/**
 * The last stage: hands every output of an event to the socket of its realm's face, flushes once
 * per batch, and releases the received datagram (the ring keeps no buffer after this).
 */
public final class SendStage implements EventHandler<SipEvent> {
    /** Destinations seen recently; bounded so that a scan of many sources cannot grow it for ever. */
    private static final int MAX_CACHED_ADDRESSES = 65_536;

    private final Channel[] faces;
    private final boolean[] pendingFlush;
    private final Long2ObjectHashMap<InetSocketAddress> addresses = new Long2ObjectHashMap<>();
    private final LatencyProbe sendLatency = new LatencyProbe(ShardStage.MAX_PIPELINE_NS);

    public SendStage(Channel[] faces) {
        this.faces = faces;
        this.pendingFlush = new boolean[faces.length];
    }

    /** Processed (by the shard) to handed to the socket, per datagram that produced output, in ns. */
    public LatencyProbe sendLatency() {
        return sendLatency;
    }

    @Override
    public void onEvent(SipEvent event, long sequence, boolean endOfBatch) {
        boolean measured = event.type == SipEvent.DATAGRAM && event.outputCount > 0;
        try {
            for (int i = 0; i < event.outputCount; i++) {
                int realm = event.outputRealm[i];
                Channel face = faces[realm];
                face.write(new DatagramPacket(event.outputs[i], address(event.outputIp[i], event.outputPort[i])), face.voidPromise());
                event.outputs[i] = null;
                pendingFlush[realm] = true;
            }
        } finally {
            if (event.datagram != null) {
                event.datagram.release();
            }
            event.clear();
        }
        if (measured) {
            sendLatency.record(System.nanoTime() - event.processedNs);
        }
        if (endOfBatch) {
            for (int r = 0; r < faces.length; r++) {
                if (pendingFlush[r]) {
                    faces[r].flush();
                    pendingFlush[r] = false;
                }
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
