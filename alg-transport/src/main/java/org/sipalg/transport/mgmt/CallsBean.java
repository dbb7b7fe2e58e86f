package org.sipalg.transport.mgmt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.RealmConfig;
import org.sipalg.transport.pipeline.ShardStage;
import org.sipalg.transport.pipeline.ShardCalls;

/** {@link CallsMXBean}: counters read directly, the call table snapshotted on each shard's thread. */
final class CallsBean implements CallsMXBean {
    /** Rows of {@link #getCalls()} at most: a JMX console is not the place for a full table dump. */
    static final int ROW_LIMIT = 1000;

    static final String[] COLUMNS = {"callId", "state", "kind", "durationSeconds", "shard",
        "callerRealm", "callerContact", "callerSeenAs", "callerMedia", "callerRelayPorts",
        "calleeRealm", "calleeContact", "calleeSeenAs", "calleeMedia", "calleeRelayPorts", "packets",
        "callerTag", "calleeTag", "callerRouteSet", "calleeRouteSet"};
    private static final String[] DESCRIPTIONS = {"Call-ID", "setup, early, confirmed or ended (kept for retransmissions)",
        "INVITE, or other for a non-INVITE dialog", "seconds since the first request", "shard that owns the call",
        "realm of the caller", "caller's real Contact", "caller's Contact as the callee's realm sees it",
        "caller's media address:port per stream (its SDP)", "ALG relay ports the caller sends to",
        "realm of the callee", "callee's real Contact", "callee's Contact as the caller's realm sees it",
        "callee's media address:port per stream (its SDP)", "ALG relay ports the callee sends to",
        "RTP/RTCP packets the relay carried for this call, both directions",
        "caller's From tag", "callee's To tag (empty until it answers)",
        "proxies between the ALG and the caller (Route of the ALG's own requests to it)",
        "proxies between the ALG and the callee (Route of the ALG's own requests to it)"};
    private static final OpenType<?>[] TYPES = {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG,
        SimpleType.INTEGER, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG,
        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING};
    private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>\\s]+)", Pattern.CASE_INSENSITIVE);
    static final CompositeType ROW_TYPE;
    static final TabularType TABLE_TYPE;

    static {
        try {
            ROW_TYPE = new CompositeType("sipalg.Call", "one entry of the call table", COLUMNS, DESCRIPTIONS, TYPES);
            TABLE_TYPE = new TabularType("sipalg.Calls", "the call table", ROW_TYPE, new String[] {"callId"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One call as copied out on its shard's thread; realm faces are filled in on the JMX thread. */
    private record Row(String callId, int state, boolean invite, long durationMs, int shard, int[] realm,
                       String[] contact, long[] token, String[] media, String[] relayPorts, long callKey,
                       String[] tag, String[] routeSet) {
    }

    private final AlgServer server;
    private final Management management;

    CallsBean(AlgServer server, Management management) {
        this.server = server;
        this.management = management;
    }

    @Override
    public int getActiveCalls() {
        return sumOverShards(true);
    }

    @Override
    public int getTableEntries() {
        return sumOverShards(false);
    }

    private int sumOverShards(boolean activeInvitesOnly) {
        List<Integer> counts = ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            if (!activeInvitesOnly) {
                return processor.calls().size();
            }
            int[] active = {0};
            processor.calls().forEach(call -> {
                if (call.isInvite() && call.state() != Call.LINGERING) {
                    active[0]++;
                }
            });
            return active[0];
        });
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public int getTableCapacity() {
        return server.config().calls().maxCallsPerShard() * server.shardCount();
    }

    @Override
    public long getCallsStarted() {
        return server.counter(CounterId.CALLS_STARTED);
    }

    @Override
    public long getCallsEnded() {
        return server.counter(CounterId.CALLS_ENDED);
    }

    @Override
    public double getCallsPerSecond() {
        return management.callsPerSecond();
    }

    @Override
    public long getRefusedTableFull() {
        return server.counter(CounterId.CALL_TABLE_FULL);
    }

    @Override
    public long getRefusedNoMediaPort() {
        return server.counter(CounterId.MEDIA_PORTS_EXHAUSTED);
    }

    @Override
    public long getRefusedDraining() {
        return server.counter(CounterId.DRAIN_REFUSED);
    }

    @Override
    public int getRowLimit() {
        return ROW_LIMIT;
    }

    /** The call table, at most {@link #ROW_LIMIT} rows, copied on each shard's thread. */
    TabularData calls() {
        List<List<Row>> perShard = ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            List<Row> rows = new ArrayList<>();
            long nowMs = ShardStage.monotonicMs();
            processor.calls().forEach(call -> {
                if (rows.size() < ROW_LIMIT) {
                    rows.add(copy(call, shard, nowMs));
                }
            });
            return rows;
        });
        TabularDataSupport table = new TabularDataSupport(TABLE_TYPE);
        List<RealmConfig> realms = server.config().realms();
        java.util.Map<Long, Long> packets = server.relay().packetsPerCall(ShardCalls.ANSWER_TIMEOUT_MS);
        for (List<Row> rows : perShard) {
            for (Row row : rows) {
                if (table.size() == ROW_LIMIT) {
                    return table;
                }
                table.put(composite(row, realms, packets.getOrDefault(row.callKey(), 0L)));
            }
        }
        return table;
    }

    /** Shard thread: copies what the row needs out of the pooled, reused {@link Call}. */
    private static Row copy(Call call, int shard, long nowMs) {
        int[] realm = new int[2];
        String[] contact = new String[2];
        long[] token = new long[2];
        String[] media = new String[2];
        String[] relayPorts = new String[2];
        String[] tag = new String[2];
        String[] routeSet = new String[2];
        for (int side = Call.CALLER; side <= Call.CALLEE; side++) {
            Matcher partyTag = TAG.matcher(call.party(side).getStringWithoutLengthAscii(0, call.partyLength(side)));
            tag[side] = partyTag.find() ? partyTag.group(1) : "";
            routeSet[side] = call.routeSet(side).getStringWithoutLengthAscii(0, call.routeSetLength(side));
            realm[side] = call.realm(side);
            contact[side] = call.contact(side).getStringWithoutLengthAscii(0, call.contactLength(side));
            token[side] = call.token(side);
            StringBuilder endpoints = new StringBuilder();
            StringBuilder ports = new StringBuilder();
            for (int s = 0; s < call.streamCount(); s++) {
                String separator = s == 0 ? "" : ",";
                long address = call.mediaAddress(side, s);
                endpoints.append(separator).append(address == Ascii.NOT_IPV4 ? "?" : Ascii.ipv4ToString((int) address))
                    .append(':').append(call.mediaPort(side, s));
                ports.append(separator).append(call.relayPorts(side)[s]);
            }
            media[side] = endpoints.toString();
            relayPorts[side] = ports.toString();
        }
        return new Row(call.callId().getStringWithoutLengthAscii(0, call.callIdLength()), call.state(), call.isInvite(),
            call.durationMs(nowMs), shard, realm, contact, token, media, relayPorts,
            MediaKeys.key(shard, call.index(), call.generation(), 0), tag, routeSet);
    }

    private static CompositeDataSupport composite(Row row, List<RealmConfig> realms, long packets) {
        Object[] values = {row.callId(), stateName(row.state()), row.invite() ? "INVITE" : "other", row.durationMs() / 1000,
            row.shard(),
            realms.get(row.realm()[Call.CALLER]).name(), row.contact()[Call.CALLER],
            seenAs(row, Call.CALLER, realms.get(row.realm()[Call.CALLEE])), row.media()[Call.CALLER], row.relayPorts()[Call.CALLER],
            realms.get(row.realm()[Call.CALLEE]).name(), row.contact()[Call.CALLEE],
            seenAs(row, Call.CALLEE, realms.get(row.realm()[Call.CALLER])), row.media()[Call.CALLEE], row.relayPorts()[Call.CALLEE],
            packets, row.tag()[Call.CALLER], row.tag()[Call.CALLEE], row.routeSet()[Call.CALLER], row.routeSet()[Call.CALLEE]};
        try {
            return new CompositeDataSupport(ROW_TYPE, COLUMNS, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException("call row does not fit its type", e);
        }
    }

    /** The Contact the ALG writes for {@code side} towards the other realm: its face there plus the token. */
    private static String seenAs(Row row, int side, RealmConfig otherRealm) {
        if (row.contact()[side].isEmpty()) {
            return "";
        }
        String face = otherRealm.advertised() != null ? otherRealm.advertised() : otherRealm.address();
        return "sip:" + face + ":" + otherRealm.port() + ";sipalg=" + Long.toHexString(row.token()[side]);
    }

    static String stateName(int state) {
        return switch (state) {
            case Call.SETUP -> "setup";
            case Call.EARLY -> "early";
            case Call.CONFIRMED -> "confirmed";
            case Call.LINGERING -> "ended";
            default -> "unknown";
        };
    }

    @Override
    public boolean terminateCall(String callId) {
        if (callId == null || callId.isEmpty()) {
            throw new IllegalArgumentException("no Call-ID given");
        }
        byte[] bytes = callId.getBytes(StandardCharsets.US_ASCII);
        UnsafeBuffer id = new UnsafeBuffer(bytes);
        List<Boolean> ended = ShardCalls.onEveryShard(server,
            (shard, processor, out) -> processor.terminateCall(id, 0, bytes.length, ShardStage.monotonicMs(), out));
        return ended.contains(Boolean.TRUE);
    }
}
