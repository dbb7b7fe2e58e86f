package org.sipalg.core.media;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.rewrite.EditList;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sdp.SdpRewriter;
import org.sipalg.core.sdp.SdpView;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;

/**
 * The media side of one shard's calls: which relay ports each stream holds, what the relay is
 * told (open, aim, commit, close), and the SDP edits that show each realm only the ALG's ports.
 * Shard thread only; not thread-safe. Allocates nothing.
 */
public final class MediaSessions {
    /** Pairs tried per stream before the offer is refused: another process may hold a few. */
    private static final int MAX_BIND_ATTEMPTS = 3;

    private final int shard;
    private final PortPool[] ports;
    private final MediaControl relay;
    private final Counters counters;
    private final SdpView sdp = new SdpView();

    public MediaSessions(RealmTable realms, int shard, int shardCount, MediaControl relay, Counters counters) {
        this.shard = shard;
        this.relay = relay;
        this.counters = counters;
        this.ports = new PortPool[realms.size()];
        for (int r = 0; r < realms.size(); r++) {
            Realm realm = realms.get(r);
            ports[r] = new PortPool(realm.mediaPortMin(), realm.mediaPortMax(), shard, shardCount);
        }
    }

    public PortPool ports(int realm) {
        return ports[realm];
    }

    /**
     * SDP from {@code sender} to {@code receiver} (RFC 3264 offer or answer alike): every active
     * stream gets relay ports on both sides the first time it appears, the relay is aimed at the
     * sender's address, a stream set to port 0 is closed, and the edits write {@code mediaHost}
     * and the receiver's relay ports. Returns false when no relay port could be had.
     */
    public boolean onSdp(Call call, int sender, int receiver, DirectBuffer buffer, int bodyOffset, int bodyLength,
                         byte[] mediaHost, EditList edits) {
        sdp.wrap(buffer, bodyOffset, bodyLength);
        for (int s = 0; s < sdp.streamCount(); s++) {
            if (sdp.port(s) <= 0) {
                if (call.relayPorts(Call.CALLER)[s] != 0) {
                    close(call, s);   // RFC 3264 §8.2: port 0 removes the stream
                }
                continue;
            }
            if (call.relayPorts(Call.CALLER)[s] == 0 && !open(call, s)) {
                return false;
            }
            long ip = sdp.streamAddress(s);
            // c=0.0.0.0 is hold (RFC 3264 §8.4); a non-IPv4 address is learnt by latching instead.
            boolean known = ip != 0 && ip != Ascii.NOT_IPV4;
            relay.target(streamKey(call, s), sender, known ? (int) ip : 0, known ? sdp.port(s) : 0);
            call.media(sender, s, ip, sdp.port(s));
        }
        call.streamCount(Math.max(call.streamCount(), sdp.streamCount()));
        SdpRewriter.rewrite(buffer, sdp, mediaHost, call.relayPorts(receiver), edits);
        return true;
    }

    /** The call is answered: the relay starts counting silence. */
    public void commit(Call call) {
        for (int s = 0; s < call.streamCount(); s++) {
            if (call.relayPorts(Call.CALLER)[s] != 0) {
                relay.commit(streamKey(call, s));
            }
        }
    }

    /** The call ended: every stream closed, every port back in its pool. */
    public void release(Call call) {
        for (int s = 0; s < call.streamCount(); s++) {
            if (call.relayPorts(Call.CALLER)[s] != 0) {
                close(call, s);
            }
        }
        call.streamCount(0);
    }

    private long streamKey(Call call, int stream) {
        return MediaKeys.key(shard, call.index(), call.generation(), stream);
    }

    /** Takes a port pair on each side and has the relay bind them; a pair that cannot be bound is skipped. */
    private boolean open(Call call, int stream) {
        PortPool callerPool = ports[call.realm(Call.CALLER)];
        PortPool calleePool = ports[call.realm(Call.CALLEE)];
        for (int attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
            int callerPort = callerPool.allocate();
            int calleePort = calleePool.allocate();
            if (callerPort < 0 || calleePort < 0) {
                if (callerPort >= 0) {
                    callerPool.release(callerPort);
                }
                if (calleePort >= 0) {
                    calleePool.release(calleePort);
                }
                return false;
            }
            if (relay.open(streamKey(call, stream), call.realm(Call.CALLER), callerPort, call.realm(Call.CALLEE), calleePort)) {
                call.relayPorts(Call.CALLER)[stream] = callerPort;
                call.relayPorts(Call.CALLEE)[stream] = calleePort;
                return true;
            }
            // Something else holds one of them: back to the end of the FIFO, try the next pair.
            counters.increment(CounterId.MEDIA_PORT_BIND_FAILED);
            callerPool.release(callerPort);
            calleePool.release(calleePort);
        }
        return false;
    }

    private void close(Call call, int stream) {
        relay.close(streamKey(call, stream));
        ports[call.realm(Call.CALLER)].release(call.relayPorts(Call.CALLER)[stream]);
        ports[call.realm(Call.CALLEE)].release(call.relayPorts(Call.CALLEE)[stream]);
        call.relayPorts(Call.CALLER)[stream] = 0;
        call.relayPorts(Call.CALLEE)[stream] = 0;
    }
}
