package org.sipalg.transport.mgmt;

import java.util.Map;

/** {@code sipalg:type=Media}: the RTP/RTCP relay: ports per realm and what it relayed or dropped. */
public interface MediaMXBean {
    /** Relay ports (RTP and RTCP) held by calls, by realm. */
    Map<String, Long> getPortsInUse();

    Map<String, Long> getPortsFree();

    long getPacketsRelayed();

    long getBytesRelayed();

    /** Packets dropped: from a source other than the latched peer, or with nowhere to go yet. */
    long getPacketsDropped();

    long getStreamsOpened();

    long getStreamsClosed();

    /** Calls ended because no media flowed for {@code calls.media-timeout}. */
    long getMediaTimeouts();
}
