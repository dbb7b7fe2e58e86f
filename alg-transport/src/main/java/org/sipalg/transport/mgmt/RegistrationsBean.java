package org.sipalg.transport.mgmt;

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

import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.registration.Binding;
import org.sipalg.core.registration.BindingTable;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.RealmConfig;
import org.sipalg.transport.pipeline.ShardCalls;
import org.sipalg.transport.pipeline.ShardStage;

/**
 * {@link RegistrationsMXBean}: the bindings of users registered through the ALG, copied on each
 * shard's thread (the shard is their single writer), at most {@link #ROW_LIMIT} rows.
 */
final class RegistrationsBean implements RegistrationsMXBean {
    static final int ROW_LIMIT = 1000;
    static final String[] COLUMNS = {"aor", "realm", "contact", "source", "contactSeenAs", "state", "expiresSeconds"};
    static final TabularType TABLE_TYPE;
    private static final Pattern USER = Pattern.compile("^sips?:([^@;>]+)@");

    static {
        try {
            CompositeType row = new CompositeType("sipalg.Registration", "one binding", COLUMNS,
                new String[] {"address of record", "realm the user registered from", "the user's real Contact",
                    "where the REGISTER came from (the NAT's face): INVITEs go there",
                    "the Contact the registrar sees (the ALG's face and token)",
                    "registered, or pending (the registrar has not confirmed it yet)", "seconds until the binding expires"},
                new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                    SimpleType.STRING, SimpleType.STRING, SimpleType.LONG});
            TABLE_TYPE = new TabularType("sipalg.Registrations", "bindings", row, new String[] {"contactSeenAs"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One binding as copied out on its shard's thread. */
    private record Row(String aor, int realm, String contact, String source, int registrarRealm, long token,
                       boolean registered, long expiresInMs) {
    }

    private final AlgServer server;

    RegistrationsBean(AlgServer server) {
        this.server = server;
    }

    @Override
    public int getCount() {
        return ShardCalls.onEveryShard(server, (shard, processor, out) -> processor.bindings().size())
            .stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public long getRegistrationsConfirmed() {
        return server.counter(CounterId.REGISTRATIONS);
    }

    @Override
    public long getBindingsExpired() {
        return server.counter(CounterId.BINDINGS_EXPIRED);
    }

    @Override
    public long getKeepalivesSent() {
        return server.counter(CounterId.KEEPALIVES_SENT);
    }

    @Override
    public String getKeepalive() {
        return server.config().registrations().keepalive() + " every "
            + server.config().registrations().keepaliveInterval().toSeconds() + " s";
    }

    TabularData registrations() {
        List<List<Row>> perShard = ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            List<Row> rows = new ArrayList<>();
            long nowMs = ShardStage.monotonicMs();
            BindingTable table = processor.bindings();
            for (int index = 0; index < table.capacity() && rows.size() < ROW_LIMIT; index++) {
                Binding binding = table.byIndex(index);
                if (binding != null) {
                    rows.add(new Row(binding.aor().getStringWithoutLengthAscii(0, binding.aorLength()), binding.realm(),
                        binding.contact().getStringWithoutLengthAscii(0, binding.contactLength()),
                        Ascii.ipv4ToString(binding.sourceIp()) + ":" + binding.sourcePort(), binding.registrarRealm(),
                        table.token(binding),
                        binding.state() == Binding.REGISTERED, binding.expiresAtMs() - nowMs));
                }
            }
            return rows;
        });
        TabularDataSupport table = new TabularDataSupport(TABLE_TYPE);
        List<RealmConfig> realms = server.config().realms();
        for (List<Row> rows : perShard) {
            for (Row row : rows) {
                if (table.size() >= ROW_LIMIT) {
                    return table;
                }
                RealmConfig realm = realms.get(row.realm());
                try {
                    table.put(new CompositeDataSupport(TABLE_TYPE.getRowType(), COLUMNS, new Object[] {
                        row.aor(), realm.name(), row.contact(), row.source(), seenAs(row, realms),
                        row.registered() ? "registered" : "pending", row.registered() ? Math.max(0, row.expiresInMs() / 1000) : 0L}));
                } catch (OpenDataException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return table;
    }

    /** The Contact as the registrar's realm sees it: the user part, the ALG's face there, the token. */
    private static String seenAs(Row row, List<RealmConfig> realms) {
        RealmConfig face = realms.get(row.registrarRealm());
        Matcher user = USER.matcher(row.contact());
        return "sip:" + (user.find() ? user.group(1) + "@" : "") + (face.advertised() != null ? face.advertised() : face.address()) + ":" + face.port()
            + ";sipalg=r" + Long.toHexString(row.token());
    }

    @Override
    public String getNote() {
        return "bindings of users registered through the ALG, at most " + ROW_LIMIT + " rows; the registrar sees contactSeenAs";
    }
}
