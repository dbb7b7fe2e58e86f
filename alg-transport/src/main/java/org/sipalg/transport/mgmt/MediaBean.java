package org.sipalg.transport.mgmt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.RealmConfig;

/** {@link MediaMXBean}: port pools read on the shards' threads, relay counters read directly. */
final class MediaBean implements MediaMXBean {
    private final AlgServer server;

    MediaBean(AlgServer server) {
        this.server = server;
    }

    @Override
    public Map<String, Long> getPortsInUse() {
        return portsByRealm(true);
    }

    @Override
    public Map<String, Long> getPortsFree() {
        return portsByRealm(false);
    }

    private Map<String, Long> portsByRealm(boolean inUse) {
        Map<String, Long> ports = new LinkedHashMap<>();
        List<RealmConfig> realms = server.config().realms();
        for (int r = 0; r < realms.size(); r++) {
            int[] pairs = RealmBean.relayPairs(server, r);
            ports.put(realms.get(r).name(), 2L * (inUse ? pairs[1] - pairs[0] : pairs[0]));
        }
        return ports;
    }

    @Override
    public long getPacketsRelayed() {
        return server.counter(CounterId.MEDIA_PACKETS_RELAYED);
    }

    @Override
    public long getBytesRelayed() {
        return server.counter(CounterId.MEDIA_BYTES_RELAYED);
    }

    @Override
    public long getPacketsDropped() {
        return server.counter(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE) + server.counter(CounterId.MEDIA_DROPPED_NO_TARGET);
    }

    @Override
    public long getStreamsOpened() {
        return server.counter(CounterId.MEDIA_STREAMS_OPENED);
    }

    @Override
    public long getStreamsClosed() {
        return server.counter(CounterId.MEDIA_STREAMS_CLOSED);
    }

    @Override
    public long getMediaTimeouts() {
        return server.counter(CounterId.MEDIA_TIMEOUTS);
    }
}
