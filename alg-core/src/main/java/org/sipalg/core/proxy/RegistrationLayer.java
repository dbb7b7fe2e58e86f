package org.sipalg.core.proxy;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.registration.Binding;
import org.sipalg.core.registration.BindingDirectory;
import org.sipalg.core.registration.BindingTable;
import org.sipalg.core.registration.BindingView;
import org.sipalg.core.rewrite.ContactMasker;
import org.sipalg.core.rewrite.EditList;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.HeaderValueCursor;
import org.sipalg.core.sip.NameAddr;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.SipParams;
import org.sipalg.core.sip.UriView;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.timer.ShardTimers;
import org.sipalg.core.txn.Transaction;

/**
 * Registration through the ALG (RFC 3665 §2 with the user behind the ALG, RFC 3581): a REGISTER's
 * Contacts become bindings and reach the registrar as the ALG's face with a binding token; the
 * registrar's 2xx confirms them (with its expiry) or, by leaving them out, removes them, and the
 * user sees its own Contacts back. An INVITE to a token reaches the user where its REGISTER came
 * from (the NAT's face), and the ALG keeps that NAT binding open with CRLF or OPTIONS keep-alives.
 *
 * <p>Shard thread only; reads of other shards' bindings go through the lock-free directory.
 */
final class RegistrationLayer {
    static final int EXPIRY_TIMER = 3;
    static final int KEEPALIVE_TIMER = 4;
    /** RFC 3261 §10.2.1.1: with no expiry given, the registrar's default; 3600 s is the common one. */
    private static final long DEFAULT_EXPIRES_SECONDS = 3600;
    /** A binding the registrar never confirmed (challenge not retried, no answer) goes after this. */
    private static final long PENDING_MS = TransactionLayer.TIMEOUT_MS;
    private static final byte[] EXPIRES = Ascii.bytes("expires");
    private static final byte[] CRLF_CRLF = Ascii.bytes("\r\n\r\n");

    private final BindingDirectory directory;
    private final BindingTable table;
    private final ShardTimers timers;
    private final Counters counters;
    private final ContactMasker masker = new ContactMasker();
    private final HeaderValueCursor contacts = new HeaderValueCursor();
    private final UriView uri = new UriView();
    private final RequestWriter requests = new RequestWriter();
    private RegistrationSettings settings;
    private RealmTable realms;
    // The bindings of the REGISTER being forwarded, until its transaction takes them.
    private final long[] lastBindings = new long[Transaction.MAX_BINDINGS];
    private int lastBindingCount;
    private boolean lastRemovesAll;

    RegistrationLayer(BindingDirectory directory, int shard, ShardTimers timers, Counters counters,
                      RegistrationSettings settings, RealmTable realms) {
        this.directory = directory;
        this.table = directory.table(shard);
        this.timers = timers;
        this.counters = counters;
        this.settings = settings;
        this.realms = realms;
    }

    void settingsChanged(RegistrationSettings settings, RealmTable realms) {
        this.settings = settings;
        this.realms = realms;
    }

    BindingTable table() {
        return table;
    }

    /**
     * A REGISTER from realm {@code ingress} going out by {@code face}: each Contact gets its
     * binding (found again on a refresh, so its token stays) and is masked with its token.
     * False when the binding table is full.
     */
    boolean onRegister(SipMessage message, int ingress, int sourceIp, int sourcePort, Realm face, EditList edits,
                       long nowMs) {
        lastBindingCount = 0;
        lastRemovesAll = false;
        DirectBuffer buffer = message.buffer();
        long aor = toUri(message);
        if (aor < 0 || !contacts.first(message, HeaderName.CONTACT)) {
            return true;   // a query of the bindings: nothing to keep
        }
        int aorStart = NameAddr.start(aor);
        int aorLength = Math.min(NameAddr.end(aor) - aorStart, Binding.MAX_AOR_LENGTH);
        do {
            if (buffer.getByte(contacts.start()) == '*') {
                lastRemovesAll = true;
                continue;
            }
            long range = NameAddr.uriRange(buffer, contacts.start(), contacts.end());
            if (range < 0 || NameAddr.end(range) - NameAddr.start(range) > Binding.MAX_CONTACT_LENGTH) {
                continue;
            }
            int contactStart = NameAddr.start(range);
            int contactLength = NameAddr.end(range) - contactStart;
            long key = Ascii.hash(Ascii.hash(Ascii.HASH_SEED ^ ingress, buffer, aorStart, aorLength), buffer, contactStart, contactLength);
            Binding binding = table.find(key);
            if (binding == null) {
                binding = table.create(key);
                if (binding == null) {
                    counters.increment(CounterId.BINDING_TABLE_FULL);
                    return false;
                }
                table.update(binding, ingress, sourceIp, sourcePort, face.index(), buffer, aorStart, aorLength, buffer,
                    contactStart, contactLength);
                expireAt(binding, nowMs + PENDING_MS);
            } else if (binding.state() != Binding.REGISTERED || binding.expiresAtMs() < nowMs + PENDING_MS) {
                // A refresh in flight keeps the binding until its answer. Where the binding is reached
                // changes only when the registrar accepts this REGISTER: an unauthenticated one must
                // not redirect someone else's calls.
                expireAt(binding, nowMs + PENDING_MS);
            }
            masker.maskValue(buffer, contacts.start(), contacts.end(), face, ContactMasker.REGISTRATION_TOKEN,
                table.token(binding), edits);
            if (lastBindingCount < lastBindings.length) {
                lastBindings[lastBindingCount++] = table.token(binding);
            }
        } while (contacts.next());
        return true;
    }

    /** The REGISTER's transaction keeps its bindings, to settle them on the registrar's answer. */
    void attach(Transaction transaction) {
        transaction.bindings(lastBindings, lastBindingCount, lastRemovesAll);
    }

    /**
     * The registrar's 2xx to a REGISTER: every Contact of ours it lists is registered until its
     * expiry and shown to the user as the user's own Contact again; the REGISTER's bindings it does
     * not list (Expires: 0, or refused) and, after "*", every binding of the AOR are removed.
     */
    void onRegistered(SipMessage response, Transaction transaction, EditList edits, long nowMs) {
        DirectBuffer buffer = response.buffer();
        long defaultExpires = expiresHeader(response);
        int listed = 0;
        if (contacts.first(response, HeaderName.CONTACT)) {
            do {
                Binding binding = ownBinding(buffer, contacts.start(), contacts.end());
                if (binding == null) {
                    continue;
                }
                long expires = contactExpires(buffer, defaultExpires);
                if (expires == 0) {
                    remove(binding);
                    continue;
                }
                int mine = transaction.bindingIndexOf(table.token(binding));
                if (mine >= 0) {
                    // Accepted: the binding is reached where this REGISTER came from (RFC 3581).
                    table.source(binding, transaction.upstreamRealm(), transaction.upstreamIp(), transaction.upstreamPort(),
                        transaction.downstreamRealm());
                    listed |= 1 << mine;
                }
                table.registered(binding, nowMs + expires * 1000);
                expireAt(binding, nowMs + expires * 1000);
                if (settings.keepalive() != RegistrationSettings.KEEPALIVE_OFF && binding.keepaliveTimer() == ShardTimers.NONE) {
                    binding.keepaliveTimer(timers.schedule(KEEPALIVE_TIMER, binding.index(), nowMs + settings.keepaliveIntervalMs()));
                }
                counters.increment(CounterId.REGISTRATIONS);
                edits.begin(uri.start(), uri.end() - uri.start()).append(binding.contact(), 0, binding.contactLength()).end();
            } while (contacts.next());
        }
        for (int i = 0; i < transaction.bindingCount(); i++) {
            Binding binding = table.byToken(transaction.bindingToken(i));
            if (binding != null && (listed & 1 << i) == 0) {
                remove(binding);   // the registrar no longer holds it (RFC 3261 §10.3 step 8 lists all it holds)
            }
        }
        if (transaction.removesAllBindings()) {
            removeAllOf(response);
        }
    }

    /** The registered binding a token of the ALG names, on any shard; false when there is none. */
    boolean lookup(long token, BindingView view) {
        return directory.read(token, view);
    }

    void onTimer(int kind, int index, long timerId, long nowMs, Outbound out) {
        Binding binding = table.byIndex(index);
        if (binding == null) {
            return;
        }
        if (kind == EXPIRY_TIMER && binding.expiryTimer() == timerId) {
            binding.expiryTimer(ShardTimers.NONE);
            counters.increment(CounterId.BINDINGS_EXPIRED);
            remove(binding);
        } else if (kind == KEEPALIVE_TIMER && binding.keepaliveTimer() == timerId) {
            binding.keepaliveTimer(ShardTimers.NONE);
            if (settings.keepalive() == RegistrationSettings.KEEPALIVE_OFF || binding.state() != Binding.REGISTERED) {
                return;
            }
            sendKeepalive(binding, out);
            binding.keepaliveTimer(timers.schedule(KEEPALIVE_TIMER, binding.index(), nowMs + settings.keepaliveIntervalMs()));
        }
    }

    private void sendKeepalive(Binding binding, Outbound out) {
        Realm face = realms.get(binding.realm());
        if (settings.keepalive() == RegistrationSettings.KEEPALIVE_CRLF) {
            MutableDirectBuffer target = out.claim(CRLF_CRLF.length);
            out.send(Ascii.put(target, 0, CRLF_CRLF), binding.realm(), binding.sourceIp(), binding.sourcePort());
        } else {
            MutableDirectBuffer target = out.claim(RequestWriter.maxOptionsPingLength(face));
            int length = requests.writeOptionsPing(binding, table.token(binding), face, binding.nextKeepaliveSequence(), target);
            out.send(length, binding.realm(), binding.sourceIp(), binding.sourcePort());
        }
        counters.increment(CounterId.KEEPALIVES_SENT);
    }

    /** The binding of this table that a Contact value's token names (its URI left in {@link #uri}), or null. */
    private Binding ownBinding(DirectBuffer buffer, int valueStart, int valueEnd) {
        long range = NameAddr.uriRange(buffer, valueStart, valueEnd);
        if (range < 0 || !uri.wrap(buffer, NameAddr.start(range), NameAddr.end(range))
            || !realms.isOwn(buffer, uri.hostOffset(), uri.hostLength(), uri.port())) {
            return null;
        }
        long token = registrationToken(buffer, uri.param(ContactMasker.TOKEN_PARAM));
        return token < 0 || BindingTable.tokenShard(token) != table.shard() ? null : table.byToken(token);
    }

    /** The value of a {@code sipalg=r…} parameter, or -1 when it is absent or not a registration token. */
    static long registrationToken(DirectBuffer buffer, long param) {
        if (param == SipParams.NOT_FOUND || SipParams.length(param) < 2
            || buffer.getByte(SipParams.offset(param)) != ContactMasker.REGISTRATION_TOKEN) {
            return -1;
        }
        return Ascii.parseHex(buffer, SipParams.offset(param) + 1, SipParams.length(param) - 1);
    }

    /** The expires parameter of the Contact the cursor is on, else the Expires header's, else the default. */
    private long contactExpires(DirectBuffer buffer, long defaultExpires) {
        int after = uri.end() < contacts.end() && buffer.getByte(uri.end()) == '>' ? uri.end() + 1 : uri.end();
        long param = SipParams.find(buffer, after, contacts.end(), EXPIRES);
        if (param == SipParams.NOT_FOUND) {
            return defaultExpires;
        }
        long value = Ascii.parseNatural(buffer, SipParams.offset(param), SipParams.length(param), Integer.MAX_VALUE);
        return value < 0 ? defaultExpires : value;
    }

    private static long expiresHeader(SipMessage message) {
        int header = message.first(HeaderName.EXPIRES);
        if (header < 0) {
            return DEFAULT_EXPIRES_SECONDS;
        }
        long value = Ascii.parseNatural(message.buffer(), message.valueStart(header),
            message.valueEnd(header) - message.valueStart(header), Integer.MAX_VALUE);
        return value < 0 ? DEFAULT_EXPIRES_SECONDS : value;
    }

    private static long toUri(SipMessage message) {
        int to = message.first(HeaderName.TO);
        return to < 0 ? -1 : NameAddr.uriRange(message.buffer(), message.valueStart(to), message.valueEnd(to));
    }

    /** "Contact: *" with Expires: 0 (RFC 3261 §10.2.2): every binding of the AOR goes. */
    private void removeAllOf(SipMessage response) {
        long aor = toUri(response);
        if (aor < 0) {
            return;
        }
        DirectBuffer buffer = response.buffer();
        int aorLength = Math.min(NameAddr.end(aor) - NameAddr.start(aor), Binding.MAX_AOR_LENGTH);   // as kept
        for (int index = 0; index < table.capacity(); index++) {
            Binding binding = table.byIndex(index);
            if (binding != null && Ascii.equals(binding.aor(), 0, binding.aorLength(), buffer, NameAddr.start(aor), aorLength)) {
                remove(binding);
            }
        }
    }

    private void expireAt(Binding binding, long deadlineMs) {
        timers.cancel(binding.expiryTimer());
        binding.expiryTimer(timers.schedule(EXPIRY_TIMER, binding.index(), deadlineMs));
    }

    private void remove(Binding binding) {
        binding.expiryTimer(timers.cancel(binding.expiryTimer()));
        binding.keepaliveTimer(timers.cancel(binding.keepaliveTimer()));
        table.remove(binding);
    }
}
