package org.sipalg.transport.media;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/** Binding and closing relay sockets (call setup and teardown: never per packet). */
final class MediaSockets {
    private MediaSockets() {
    }

    /** A non-blocking IPv4 UDP socket bound to address:port, or null when the port is taken. */
    static DatagramChannel bind(InetAddress address, int port) {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(address, port));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            return null;
        }
    }

    /**
     * The RTP and RTCP sockets of one side: [RTP, RTCP] on port and port + 1, or null (nothing
     * left open) when either is taken.
     */
    static DatagramChannel[] bindPair(InetAddress address, int rtpPort) {
        DatagramChannel rtp = bind(address, rtpPort);
        DatagramChannel rtcp = rtp == null ? null : bind(address, rtpPort + 1);
        if (rtcp == null) {
            closeQuietly(rtp);
            return null;
        }
        return new DatagramChannel[] {rtp, rtcp};
    }

    static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a UDP socket has nothing to flush; the descriptor is gone either way
            }
        }
    }
}
