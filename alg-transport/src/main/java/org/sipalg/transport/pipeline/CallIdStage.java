package org.sipalg.transport.pipeline;

import com.lmax.disruptor.EventHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.sip.CallIdScanner;

/**
 * With more than one shard: finds each datagram's Call-ID and names the shard that owns the
 * call, so every message of a call is handled by the same thread. The full parse happens in the
 * shard, into the shard's own flyweight; this stage only scans for one header.
 */
public final class CallIdStage implements EventHandler<SipEvent> {
    private final int shards;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final byte[] heapCopy = new byte[65_536];

    public CallIdStage(int shards) {
        this.shards = shards;
    }

    @Override
    public void onEvent(SipEvent event, long sequence, boolean endOfBatch) {
        if (event.type != SipEvent.DATAGRAM) {
            return;
        }
        int length = BufferViews.wrapReadable(view, event.datagram, heapCopy);
        event.shard = shardOf(CallIdScanner.callIdHash(view, 0, length), shards);
    }

    public static int shardOf(long callIdHash, int shards) {
        return (int) Long.remainderUnsigned(callIdHash ^ (callIdHash >>> 32), shards);
    }
}
