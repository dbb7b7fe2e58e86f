package org.sipalg.transport.mgmt;

import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.TrafficCounters;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.pipeline.ShardStage;

/** {@link AlgMXBean} over a running {@link AlgServer}; JMX threads only. */
final class AlgBean implements AlgMXBean {
    /** Outcomes that are not a forward: the operator's "why did it not pass" list. */
    static final EnumSet<CounterId> DROPS = EnumSet.of(CounterId.DROPPED_MALFORMED, CounterId.REJECTED_MALFORMED,
        CounterId.DROPPED_SOURCE_NOT_IN_REALM, CounterId.RELAY_DENIED, CounterId.DROPPED_RESPONSE_NOT_OURS,
        CounterId.DROPPED_RESPONSE_UNROUTABLE, CounterId.LOOPS_OR_HOPS_EXCEEDED, CounterId.UNKNOWN_DIALOG,
        CounterId.CALL_TABLE_FULL, CounterId.MEDIA_PORTS_EXHAUSTED, CounterId.REWRITE_OVERFLOW, CounterId.RING_FULL,
        CounterId.SEND_FAILED, CounterId.DRAIN_REFUSED);

    private final AlgServer server;
    private final Management management;

    AlgBean(AlgServer server, Management management) {
        this.server = server;
        this.management = management;
    }

    @Override
    public String getState() {
        return isDraining() ? "draining" : "running";
    }

    @Override
    public boolean isDraining() {
        return management.isDraining();
    }

    @Override
    public long getUptimeSeconds() {
        return server.uptimeMs() / 1000;
    }

    @Override
    public String getConfigFile() {
        return server.config().file().toAbsolutePath().toString();
    }

    @Override
    public String getLogLevel() {
        return server.config().logLevel();
    }

    @Override
    public int getShards() {
        return server.shardCount();
    }

    @Override
    public int getRingSize() {
        return server.ringSize();
    }

    @Override
    public long getRingOccupancy() {
        return server.ringOccupancy();
    }

    @Override
    public long getRingFullDrops() {
        return server.counter(CounterId.RING_FULL);
    }

    @Override
    public long getRequestsReceived() {
        return server.counter(CounterId.REQUESTS_RECEIVED);
    }

    @Override
    public long getRequestsForwarded() {
        return server.counter(CounterId.REQUESTS_FORWARDED);
    }

    @Override
    public long getResponsesReceived() {
        return server.counter(CounterId.RESPONSES_RECEIVED);
    }

    @Override
    public long getResponsesForwarded() {
        return server.counter(CounterId.RESPONSES_FORWARDED);
    }

    @Override
    public long getLocalResponsesSent() {
        return server.counter(CounterId.LOCAL_RESPONSES_SENT);
    }

    @Override
    public long getLocal4xxSent() {
        return localResponsesOfClass(4);
    }

    @Override
    public long getLocal5xxSent() {
        return localResponsesOfClass(5);
    }

    private long localResponsesOfClass(int statusClass) {
        long total = 0;
        for (ShardStage shard : server.shards()) {
            TrafficCounters traffic = shard.processor().traffic();
            for (int realm = 0; realm < traffic.realms(); realm++) {
                total += traffic.responses(TrafficCounters.LOCAL_RESPONSES, realm, statusClass);
            }
        }
        return total;
    }

    @Override
    public long getParseErrors() {
        return server.counter(CounterId.DROPPED_MALFORMED) + server.counter(CounterId.REJECTED_MALFORMED);
    }

    @Override
    public long getErrors() {
        return server.counter(CounterId.ERRORS);
    }

    @Override
    public Map<String, Long> getDrops() {
        Map<String, Long> drops = new TreeMap<>();
        for (CounterId id : DROPS) {
            drops.put(id.name(), server.counter(id));
        }
        return drops;
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> counters = new TreeMap<>();
        for (CounterId id : CounterId.values()) {
            counters.put(id.name(), server.counter(id));
        }
        return counters;
    }

    @Override
    public String reloadConfig() {
        return management.reloadConfig();
    }

    @Override
    public String drain() {
        return management.drain(true);
    }

    @Override
    public String resume() {
        return management.drain(false);
    }

    @Override
    public String resetCounters() {
        return management.resetCounters();
    }
}
