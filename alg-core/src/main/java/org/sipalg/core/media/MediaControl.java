package org.sipalg.core.media;

/**
 * What the signalling side tells the media relay (rtpengine's offer/answer/delete, narrowed to
 * what the ALG needs). Called on the shard thread that owns the call; implementations hand the
 * work to the relay without blocking. Streams are named by {@link MediaKeys} keys.
 */
public interface MediaControl {
    /**
     * Opens the relay ports of one stream: {@code callerPort} in the caller's realm, {@code calleePort}
     * in the callee's (RTCP on port + 1). Returns false when a port cannot be bound.
     */
    boolean open(long streamKey, int callerRealm, int callerPort, int calleeRealm, int calleePort);

    /**
     * Where media for {@code side} goes, from that side's SDP: IPv4 and RTP port; 0 and 0 when the
     * side is on hold (c=0.0.0.0) or has no address yet. A change unlatches the side.
     */
    void target(long streamKey, int side, int ipv4, int port);

    /** The call is answered: from now on silence counts towards the inactivity timeout. */
    void commit(long streamKey);

    /** Stops relaying the stream and closes its ports. */
    void close(long streamKey);

    /** No relay (unit tests of signalling alone): every open succeeds. */
    MediaControl NONE = new MediaControl() {
        @Override
        public boolean open(long streamKey, int callerRealm, int callerPort, int calleeRealm, int calleePort) {
            return true;
        }

        @Override
        public void target(long streamKey, int side, int ipv4, int port) {
        }

        @Override
        public void commit(long streamKey) {
        }

        @Override
        public void close(long streamKey) {
        }
    };
}
