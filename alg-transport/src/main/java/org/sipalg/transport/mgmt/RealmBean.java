package org.sipalg.transport.mgmt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.status.TrafficCounters;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.health.NextHopProber;
import org.sipalg.transport.config.Cidr;
import org.sipalg.transport.config.RealmConfig;
import org.sipalg.transport.pipeline.ShardStage;
import org.sipalg.transport.pipeline.ShardCalls;

/** {@link RealmMXBean} for the realm at {@code index}; settings come from the config in force. */
final class RealmBean implements RealmMXBean {
    private static final String[] CLASS_NAMES = {"1xx", "2xx", "3xx", "4xx", "5xx", "6xx"};

    private final AlgServer server;
    private final int index;
    private final String name;

    RealmBean(AlgServer server, int index) {
        this.server = server;
        this.index = index;
        this.name = server.config().realms().get(index).name();
    }

    private RealmConfig config() {
        return server.config().realms().get(index);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getAddress() {
        return config().address() + ":" + config().port();
    }

    @Override
    public String[] getNetworks() {
        return config().networks().stream().map(Cidr::toString).toArray(String[]::new);
    }

    @Override
    public String getNextHop() {
        return config().nextHop() == null ? "" : config().nextHop().toString();
    }

    @Override
    public String getNextHopState() {
        RealmConfig realm = server.config().realms().get(index);
        return realm.nextHop() == null || realm.nextHopProbe() == null ? "not probed"
            : NextHopProber.describe(server.nextHopState(index));
    }

    @Override
    public String getAdvertised() {
        return config().advertised() == null ? "" : config().advertised();
    }

    @Override
    public String getMediaRange() {
        return config().mediaAddress() + ":" + config().mediaPortMin() + "-" + config().mediaPortMax();
    }

    @Override
    public Map<String, Long> getRequestsIn() {
        return byMethod(TrafficCounters.REQUESTS_IN);
    }

    @Override
    public Map<String, Long> getRequestsOut() {
        return byMethod(TrafficCounters.REQUESTS_OUT);
    }

    @Override
    public Map<String, Long> getResponsesIn() {
        return byClass(TrafficCounters.RESPONSES_IN);
    }

    @Override
    public Map<String, Long> getResponsesOut() {
        return byClass(TrafficCounters.RESPONSES_OUT);
    }

    @Override
    public Map<String, Long> getLocalResponses() {
        return byClass(TrafficCounters.LOCAL_RESPONSES);
    }

    private Map<String, Long> byMethod(int kind) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int method = 0; method < TrafficCounters.METHODS; method++) {
            long total = 0;
            for (ShardStage shard : server.shards()) {
                total += shard.processor().traffic().requests(kind, index, method);
            }
            counts.put(SipMethod.name(method), total);
        }
        return counts;
    }

    private Map<String, Long> byClass(int kind) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int statusClass = 1; statusClass <= TrafficCounters.CLASSES; statusClass++) {
            long total = 0;
            for (ShardStage shard : server.shards()) {
                total += shard.processor().traffic().responses(kind, index, statusClass);
            }
            counts.put(CLASS_NAMES[statusClass - 1], total);
        }
        return counts;
    }

    @Override
    public int getMediaPortsInUse() {
        int[] pairs = relayPairs(server, index);
        return 2 * (pairs[1] - pairs[0]);
    }

    @Override
    public int getMediaPortsFree() {
        return 2 * relayPairs(server, index)[0];
    }

    /** {free, capacity} relay port pairs of a realm over every shard, read on the shards' threads. */
    static int[] relayPairs(AlgServer server, int realm) {
        List<int[]> perShard = ShardCalls.onEveryShard(server,
            (shard, processor, out) -> new int[] {processor.ports(realm).available(), processor.ports(realm).capacity()});
        int[] total = new int[2];
        for (int[] pairs : perShard) {
            total[0] += pairs[0];
            total[1] += pairs[1];
        }
        return total;
    }
}
