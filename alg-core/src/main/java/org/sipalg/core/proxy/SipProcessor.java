package org.sipalg.core.proxy;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.call.CallTable;
import org.sipalg.core.media.MediaControl;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.media.MediaSessions;
import org.sipalg.core.media.PortPool;
import org.sipalg.core.registration.BindingDirectory;
import org.sipalg.core.registration.BindingTable;
import org.sipalg.core.registration.BindingView;
import org.sipalg.core.rewrite.ContactMasker;
import org.sipalg.core.rewrite.EditList;
import org.sipalg.core.route.NextHopHealth;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.HeaderValueCursor;
import org.sipalg.core.sip.NameAddr;
import org.sipalg.core.sip.ParseResult;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.sip.SipParams;
import org.sipalg.core.sip.UriView;
import org.sipalg.core.sip.ViaView;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.status.TrafficCounters;
import org.sipalg.core.timer.ShardTimers;
import org.sipalg.core.txn.Transaction;
import org.sipalg.core.txn.TransactionTable;

/**
 * The ALG's work on one message (RFC 3665 §3.5 "alg1"): parse, sanity, route, rewrite every
 * address so each realm sees only the ALG's face, and hand the result to {@link Outbound}.
 * Owns one shard's calls, relay ports and timers: every message of a Call-ID comes to the same
 * processor, so nothing here is shared or locked.
 *
 * <p>Shard thread only; not thread-safe. Allocates nothing per message in steady state.
 */
public final class SipProcessor {
    /** What happened to the last message, for logs and tests. */
    public static final int FORWARDED = 1;
    public static final int ANSWERED = 2;
    public static final int DROPPED = 3;
    public static final int IGNORED = 4;

    private static final byte[] OWN_BRANCH_PREFIX = Ascii.bytes("z9hG4bKsa");
    /** Branches of requests the ALG itself originates (BYE on timeout or by the operator). */
    private static final byte[] ORIGINATED_BRANCH_PREFIX = Ascii.bytes("z9hG4bKsb");
    private static final byte[] VIA_PREFIX = Ascii.bytes("Via: SIP/2.0/UDP ");
    private static final byte[] BRANCH_PREFIX = Ascii.bytes(";branch=z9hG4bKsa");
    private static final byte[] RPORT_SUFFIX = Ascii.bytes(";rport\r\n");
    private static final byte[] CRLF = Ascii.bytes("\r\n");
    private static final byte[] RECEIVED_PREFIX = Ascii.bytes(";received=");
    private static final byte[] MAX_FORWARDS_70 = Ascii.bytes("Max-Forwards: 70\r\n");
    private static final byte[] CONTENT_LENGTH_PREFIX = Ascii.bytes("Content-Length: ");
    /** Timer slots per 16 ms wheel tick before the wheel grows (it grows once, then stays). */
    private static final int TIMERS_PER_TICK = 256;
    /** Transactions per call slot: an INVITE and a BYE of the same call can both be held. */
    private static final int TRANSACTIONS_PER_CALL = 2;

    // Replaced whole by onSettingsChanged (config reload), never mutated.
    private RealmTable realms;
    private ProcessorSettings settings;
    private final Counters counters;
    private final TrafficCounters traffic;
    /** Set by the operator (drain): new calls are refused, calls in progress go on. */
    private boolean draining;
    private final SipMessage message;
    private final EditList edits = new EditList();
    private final UriView routeUri = new UriView();
    private final UriView targetUri = new UriView();
    private final UriView requestUri = new UriView();
    private final ViaView nextVia = new ViaView();
    private final ViaView loopVia = new ViaView();
    private final ResponseWriter responses = new ResponseWriter();
    private final CallTable calls;
    private final MediaSessions sessions;
    private final ShardTimers timers;
    private final ShardTimers.Handler onTimer = this::onTimer;
    private final TransactionLayer transactions;
    private final CallLifetimes lifetimes;
    private final RegistrationLayer registrations;
    /** The binding an INVITE to a registered user goes to (copied, it may be another shard's). */
    private final BindingView binding = new BindingView();
    private final RouteSetKeeper routeSets = new RouteSetKeeper();

    // The message being handled.
    private int ingress;
    private int sourceIp;
    private int sourcePort;
    private long nowMs;
    private Outbound out;
    /** Where timers send (retransmissions, CANCEL, made-up finals). */
    private Outbound tickOut;
    /** The request in hand has one Via: it came straight from the UA that sent it, not through a proxy. */
    private boolean singleVia;
    /** Set while a response the ALG made up passes {@link #onResponse}. */
    private boolean injecting;
    private final HeaderValueCursor routes = new HeaderValueCursor();
    private final ContactMasker contactMasker = new ContactMasker();
    private final HeaderValueCursor vias = new HeaderValueCursor();
    // Where the last message went, for logs.
    private int lastEgress = -1;
    private int lastIp;
    private int lastPort;
    private int lastStatus;
    private long lastCallSetupMs = -1;

    /**
     * @param startMs the monotonic clock (milliseconds) now; every later {@code nowMs} given to
     *                this processor is on the same clock
     */
    public SipProcessor(ProcessorSettings settings, Counters counters, long startMs) {
        this(settings, counters, startMs, MediaControl.NONE);
    }

    /** @param media the relay that opens, aims and closes the ports this processor hands out */
    public SipProcessor(ProcessorSettings settings, Counters counters, long startMs, MediaControl media) {
        this(settings, counters, startMs, media,
            new BindingDirectory(settings.shardCount(), settings.registrations().maxBindingsPerShard()));
    }

    /** @param bindings every shard's registration bindings; this processor writes its own shard's table */
    public SipProcessor(ProcessorSettings settings, Counters counters, long startMs, MediaControl media,
                        BindingDirectory bindings) {
        this(settings, counters, startMs, media, bindings, NextHopHealth.NONE);
    }

    /** @param nextHops what the prober knows of the realms' next hops: a request to one that is down gets 503 */
    public SipProcessor(ProcessorSettings settings, Counters counters, long startMs, MediaControl media,
                        BindingDirectory bindings, NextHopHealth nextHops) {
        this.settings = settings;
        this.message = settings.newMessage();
        this.realms = settings.realms();
        this.counters = counters;
        this.traffic = new TrafficCounters(realms.size());
        this.calls = new CallTable(settings.maxCalls());
        this.sessions = new MediaSessions(realms, settings.shardIndex(), settings.shardCount(), media, counters);
        int maxTransactions = settings.maxCalls() * TRANSACTIONS_PER_CALL;
        // Each call one timer, each transaction two, each binding two (expiry, keep-alive).
        this.timers = new ShardTimers(startMs,
            settings.maxCalls() + 2 * maxTransactions + 2 * settings.registrations().maxBindingsPerShard(), TIMERS_PER_TICK);
        this.transactions = new TransactionLayer(new TransactionTable(maxTransactions), timers, counters,
            settings.newForwardedMessage(), settings.lingerMs(), settings.inviteTimeoutMs(), nextHops, this::injectResponse);
        this.lifetimes = new CallLifetimes(calls, sessions, timers, counters, settings);
        this.registrations = new RegistrationLayer(bindings, settings.shardIndex(), timers, counters,
            settings.registrations(), realms);
    }

    public SipMessage message() {
        return message;
    }

    public CallTable calls() {
        return calls;
    }

    public PortPool ports(int realm) {
        return sessions.ports(realm);
    }

    /** Messages per realm, method and status class; written by this shard only. */
    public TrafficCounters traffic() {
        return traffic;
    }

    /** Drain on or off (shard command): while on, new INVITEs get 503, dialogs in progress pass. */
    public void onDrain(boolean draining) {
        this.draining = draining;
    }

    public boolean isDraining() {
        return draining;
    }

    /**
     * Live reconfiguration (shard command after a config reload): new realm networks, next hops,
     * aliases and call timers. Timers already running keep their deadline. The realms must be the
     * same ones, in the same order, with the same media ranges: ports are not re-split live.
     */
    public void onSettingsChanged(ProcessorSettings newSettings) {
        if (newSettings.realms().size() != realms.size() || newSettings.shardIndex() != settings.shardIndex()
            || newSettings.shardCount() != settings.shardCount() || newSettings.maxCalls() != settings.maxCalls()) {
            throw new IllegalArgumentException("realms, shards and call table size change only with a restart");
        }
        this.settings = newSettings;
        this.realms = newSettings.realms();
        transactions.timers(newSettings.lingerMs(), newSettings.inviteTimeoutMs());
        lifetimes.settings(newSettings);
        registrations.settingsChanged(newSettings.registrations(), realms);
    }

    /** This shard's registration bindings (management snapshots; shard thread only). */
    public BindingTable bindings() {
        return registrations.table();
    }

    /** Benchmarks only (package-private, reached through a hook in alg-bench): see {@link TransactionLayer#removeLastOpened}. */
    void forgetLastTransaction() {
        transactions.removeLastOpened();
    }

    /** Transactions in progress or kept for retransmissions (management). */
    public int activeTransactions() {
        return transactions.size();
    }

    /** INVITE to 2xx time (ms) of a call the last message confirmed, or -1: for the setup histogram. */
    public long lastCallSetupMs() {
        return lastCallSetupMs;
    }

    public int lastEgress() {
        return lastEgress;
    }

    public int lastIp() {
        return lastIp;
    }

    public int lastPort() {
        return lastPort;
    }

    /** The status of the last response the ALG generated itself, or 0. */
    public int lastStatus() {
        return lastStatus;
    }

    /**
     * Handles one datagram received on the face of realm {@code ingress} from source ip:port.
     * Returns {@link #FORWARDED}, {@link #ANSWERED}, {@link #DROPPED} or {@link #IGNORED}.
     */
    public int onDatagram(DirectBuffer buffer, int offset, int length, int ingress, int sourceIp, int sourcePort,
                          long nowMs, Outbound out) {
        this.ingress = ingress;
        this.sourceIp = sourceIp;
        this.sourcePort = sourcePort;
        this.nowMs = nowMs;
        this.out = out;
        this.lastEgress = -1;
        this.lastStatus = 0;
        this.lastCallSetupMs = -1;
        if (realms.get(ingress).matchLength(sourceIp) < 0) {
            counters.increment(CounterId.DROPPED_SOURCE_NOT_IN_REALM);
            return DROPPED;
        }
        int result = message.parse(buffer, offset, length);
        if (result == ParseResult.KEEPALIVE) {
            counters.increment(CounterId.KEEPALIVES);
            return IGNORED;
        }
        if (result != ParseResult.OK) {
            return onMalformed(result);
        }
        edits.clear();
        return message.isRequest() ? onRequest() : onResponse();
    }

    private int onMalformed(int result) {
        int status = ParseResult.status(result);
        if (status != 0 && message.isRequest() && message.topViaValid() && message.method() != SipMethod.ACK) {
            counters.increment(CounterId.REJECTED_MALFORMED);
            return answer(status, ParseResult.reason(result));
        }
        counters.increment(CounterId.DROPPED_MALFORMED);
        return DROPPED;
    }

    // ---- requests ----------------------------------------------------------------------------

    private int onRequest() {
        counters.increment(CounterId.REQUESTS_RECEIVED);
        traffic.request(TrafficCounters.REQUESTS_IN, ingress, message.method());
        int method = message.method();
        if (message.maxForwards() == 0) {
            counters.increment(CounterId.LOOPS_OR_HOPS_EXCEEDED);
            return answerUnlessAck(483, "Too Many Hops");
        }
        if (looped()) {
            counters.increment(CounterId.LOOPS_OR_HOPS_EXCEEDED);
            return answerUnlessAck(482, "Loop Detected");
        }
        if (message.first(HeaderName.PROXY_REQUIRE) >= 0 && method != SipMethod.CANCEL) {
            // The ALG implements no extension a proxy must understand (RFC 3261 §16.3 step 5).
            counters.increment(CounterId.BAD_EXTENSION);
            return answerUnlessAck(420, "Bad Extension");
        }
        // RFC 3261 §17.2.3: a request with the branch of one in progress belongs to its transaction.
        long transactionKey = branchHash(message.topVia());
        Transaction transaction = transactions.find(transactionKey);
        if (method == SipMethod.CANCEL) {
            if (transaction != null && transaction.isInvite()) {
                // §16.10: CANCEL is hop by hop; the ALG answers it and cancels downstream itself.
                int answered = answer(200, "OK");
                transactions.cancel(transaction, nowMs, out);
                return answered;
            }
            // No INVITE known: forwarded statelessly, as §16.10 says.
        } else if (transaction != null && (method == SipMethod.ACK
            ? transaction.isInvite() && transaction.state() == Transaction.COMPLETED : transaction.method() == method)) {
            transactions.absorb(transaction, method, out);
            return IGNORED;
        }
        boolean stateful = method != SipMethod.ACK && method != SipMethod.CANCEL;
        removeOwnRoutes();

        // The Request-URI first (RFC 3261 §16.5): a Contact the ALG wrote names a target it is
        // responsible for, so its token is put back to the real one whatever Route remains.
        Call tokenCall = null;
        int tokenSide = -1;
        boolean toBinding = false;
        boolean retargeted = false;
        boolean toAlgItself = false;
        int uriOffset = message.requestUriOffset();
        boolean sipUri = requestUri.wrap(message.buffer(), uriOffset, uriOffset + message.requestUriLength()) && requestUri.isSip();
        if (sipUri && realms.isOwn(message.buffer(), requestUri.hostOffset(), requestUri.hostLength(), requestUri.port())) {
            long token = requestUri.param(ContactMasker.TOKEN_PARAM);
            long bindingToken = RegistrationLayer.registrationToken(message.buffer(), token);
            if (bindingToken >= 0) {
                // A registered user's Contact (RFC 3665 §2 behind the ALG): to where its REGISTER came from.
                if (!registrations.lookup(bindingToken, binding)) {
                    counters.increment(CounterId.UNKNOWN_BINDING);
                    return answerUnlessAck(404, "Not Found (not registered)");
                }
                toBinding = true;
                retargeted = targetUri.wrap(binding.contact(), 0, binding.contactLength());
            } else if (token != SipParams.NOT_FOUND) {
                long value = Ascii.parseHex(message.buffer(), SipParams.offset(token), SipParams.length(token));
                tokenCall = value < 0 ? null : calls.byToken(value);
                if (tokenCall == null || !sameCallId(tokenCall)) {
                    counters.increment(CounterId.UNKNOWN_DIALOG);
                    return answerUnlessAck(481, "Call/Transaction Does Not Exist");
                }
                tokenSide = Call.tokenSide(value);
                retargeted = targetUri.wrap(tokenCall.contact(tokenSide), 0, tokenCall.contactLength(tokenSide));
            } else {
                toAlgItself = true;
            }
        }

        // Next hop (CONVENTIONS.md "Routing of a request"): top remaining Route, else the Request-URI.
        UriView target;
        boolean routed = routes.header() >= 0;
        if (routed) {
            long range = NameAddr.uriRange(message.buffer(), routes.start(), routes.end());
            if (range < 0 || !routeUri.wrap(message.buffer(), NameAddr.start(range), NameAddr.end(range))) {
                return answerUnlessAck(400, "Bad Request (Malformed Route)");
            }
            target = routeUri;
        } else if (!sipUri) {
            return answerUnlessAck(416, "Unsupported URI Scheme");
        } else if (retargeted) {
            target = targetUri;
        } else if (toAlgItself && method == SipMethod.OPTIONS) {
            return answer(200, "OK");
        } else {
            target = toAlgItself ? null : requestUri;   // the ALG itself: the other realm's default next hop
        }

        int egress;
        int nextHopIp;
        int nextHopPort;
        long ip = target == null ? Ascii.NOT_IPV4 : target.hostIpv4();
        if (toBinding && !routed) {
            // RFC 3581: the source of the REGISTER (the NAT's face), not the Contact's address.
            nextHopIp = binding.sourceIp();
            nextHopPort = binding.sourcePort();
            egress = binding.realm();
        } else if (!routed && tokenCall != null && tokenCall.reachPort(tokenSide) != 0) {
            // The party talked to the ALG directly: where it really is (its NAT's face), as for a binding.
            nextHopIp = tokenCall.reachIp(tokenSide);
            nextHopPort = tokenCall.reachPort(tokenSide);
            egress = tokenCall.realm(tokenSide);
        } else if (ip != Ascii.NOT_IPV4) {
            nextHopIp = (int) ip;
            nextHopPort = target.portOrDefault();
            egress = realms.realmOf(nextHopIp);
        } else {
            // A name the ALG does not resolve: the egress realm's default next hop.
            egress = realms.otherRealm(ingress);
            if (egress < 0 || !realms.get(egress).hasNextHop()) {
                return answerUnlessAck(404, "Not Found (no route)");
            }
            nextHopIp = realms.get(egress).nextHopAddress();
            nextHopPort = realms.get(egress).nextHopPort();
        }
        if (egress < 0) {
            counters.increment(CounterId.RELAY_DENIED);
            return answerUnlessAck(403, "Forbidden (relay denied)");
        }
        if (stateful && transactions.isDown(egress, nextHopIp, nextHopPort, nowMs)) {
            counters.increment(CounterId.NEXT_HOP_DOWN_REFUSED);
            return answer(503, "Service Unavailable (next hop not answering)");
        }
        if (stateful && transactions.isFull()) {
            counters.increment(CounterId.TRANSACTION_TABLE_FULL);
            return answer(503, "Service Unavailable (transaction table full)");
        }

        // Call state, by Call-ID: this shard owns it.
        Call call = tokenCall != null ? tokenCall
            : calls.find(message.buffer(), message.callIdOffset(), message.callIdLength(), message.callIdHash());
        boolean hasToTag = message.tag(HeaderName.TO) != SipParams.NOT_FOUND;
        boolean initialInvite = method == SipMethod.INVITE && !hasToTag;
        if (call == null && initialInvite && draining) {
            counters.increment(CounterId.DRAIN_REFUSED);
            return answer(503, "Service Unavailable (draining)");
        }
        if (call == null && method != SipMethod.ACK && method != SipMethod.CANCEL && method != SipMethod.REGISTER
            && (initialInvite || hasRewritableContact())) {
            call = startCall(egress, method);
            if (call == null) {
                counters.increment(CounterId.CALL_TABLE_FULL);
                return answerUnlessAck(503, "Service Unavailable (call table full)");
            }
        }
        if (call != null && initialInvite && call.isInvite() && call.state() == Call.LINGERING) {
            // The same Call-ID tried again: the retry after a 401/407 challenge (RFC 3261 §22.2),
            // or after any failed attempt. It is a new call attempt on the same record.
            call.restart(nowMs);
            counters.increment(CounterId.CALLS_STARTED);
            lifetimes.schedule(call, lifetimes.setupLimitMs(), nowMs);
        }
        int side = call == null ? -1 : requestSide(call);
        if (call != null) {
            call.cseq(side, message.cseqNumber());
            if (singleVia) {
                call.reach(side, sourceIp, responsePort());
            }
            if (toBinding && initialInvite && !routed) {
                call.reach(Call.CALLEE, nextHopIp, nextHopPort);
            }
        }

        if (retargeted) {
            // RFC 3261 §16.12: the Contact token is the ALG's own; put back the real target.
            edits.begin(message.requestUriOffset(), message.requestUriLength())
                .append(targetUri.buffer(), targetUri.start(), targetUri.end() - targetUri.start()).end();
        }
        rewriteMaxForwards();
        addOwnVia(egress, transactionKey);
        if (SipMethod.createsDialog(method) && !hasToTag) {
            addRecordRoute(egress);
        }
        if (method == SipMethod.REGISTER
            && !registrations.onRegister(message, ingress, sourceIp, responsePort(), realms.get(egress), edits, nowMs)) {
            return answer(503, "Service Unavailable (binding table full)");
        }
        if (call != null) {
            contactMasker.mask(message, call, side, realms.get(egress), edits);
            if (message.hasSdpBody() && !rewriteSdp(call, side, 1 - side, egress)) {
                counters.increment(CounterId.MEDIA_PORTS_EXHAUSTED);
                if (initialInvite) {
                    lifetimes.end(call, nowMs);
                }
                return answerUnlessAck(503, "Service Unavailable (no media port)");
            }
            if (method == SipMethod.BYE) {
                lifetimes.end(call, nowMs);
            }
        }
        fixContentLength();
        if (edits.overflowed()) {
            counters.increment(CounterId.REWRITE_OVERFLOW);
            return DROPPED;
        }
        Transaction opened = stateful ? transactions.open(transactionKey, method) : null;
        if (opened != null) {
            opened.upstream(ingress, sourceIp, responsePort());
            opened.downstream(egress, nextHopIp, nextHopPort);
            if (method == SipMethod.REGISTER) {
                registrations.attach(opened);
            }
        }
        if (method == SipMethod.INVITE) {
            // RFC 3665 §3.5: the ALG is stateful and answers 100 Trying at once.
            counters.increment(CounterId.TRYING_SENT);
            writeResponse(100, "Trying", opened);
        }
        send(egress, nextHopIp, nextHopPort, opened, true);
        if (opened != null) {
            transactions.forwarded(opened, nowMs);
        }
        counters.increment(CounterId.REQUESTS_FORWARDED);
        traffic.request(TrafficCounters.REQUESTS_OUT, egress, method);
        return FORWARDED;
    }

    private boolean sameCallId(Call call) {
        return Ascii.equals(call.callId(), 0, call.callIdLength(), message.buffer(), message.callIdOffset(), message.callIdLength());
    }

    private int requestSide(Call call) {
        long tag = message.tag(HeaderName.FROM);
        return tag == SipParams.NOT_FOUND ? Call.CALLER
            : call.requestSide(message.buffer(), SipParams.offset(tag), SipParams.length(tag));
    }

    private boolean hasRewritableContact() {
        int contact = message.first(HeaderName.CONTACT);
        return contact >= 0 && message.buffer().getByte(message.valueStart(contact)) != '*';
    }

    private Call startCall(int egress, int method) {
        Call call = calls.create(message.buffer(), message.callIdOffset(), message.callIdLength(), message.callIdHash(), nowMs);
        if (call == null) {
            return null;
        }
        call.realms(ingress, egress);
        long tag = message.tag(HeaderName.FROM);
        if (tag != SipParams.NOT_FOUND) {
            call.callerTag(message.buffer(), SipParams.offset(tag), SipParams.length(tag));
        }
        keepParty(call, Call.CALLER, HeaderName.FROM);
        if (method == SipMethod.INVITE) {
            call.markInvite();
            counters.increment(CounterId.CALLS_STARTED);
            lifetimes.schedule(call, lifetimes.setupLimitMs(), nowMs);
        } else {
            lifetimes.schedule(call, settings.lingerMs(), nowMs);
        }
        return call;
    }

    /** Removes the leading Route values that name the ALG (one, or two after double Record-Route). */
    private void removeOwnRoutes() {
        if (!routes.first(message, HeaderName.ROUTE)) {
            return;
        }
        int removed = 0;
        int pendingHeader = -1;
        int pendingFrom = -1;
        while (routes.header() >= 0 && removed < 2 && routeIsOwn()) {
            if (pendingHeader != routes.header()) {
                pendingHeader = routes.header();
                pendingFrom = routes.start();
            }
            removed++;
            routes.next();
            if (routes.header() != pendingHeader) {
                // Every value of that line went: drop the line.
                edits.delete(message.lineStart(pendingHeader), message.lineEnd(pendingHeader) - message.lineStart(pendingHeader));
                pendingHeader = -1;
            }
        }
        if (pendingHeader >= 0) {
            edits.delete(pendingFrom, routes.start() - pendingFrom);
        }
    }

    private boolean routeIsOwn() {
        long range = NameAddr.uriRange(message.buffer(), routes.start(), routes.end());
        return range >= 0 && routeUri.wrap(message.buffer(), NameAddr.start(range), NameAddr.end(range))
            && realms.isOwn(message.buffer(), routeUri.hostOffset(), routeUri.hostLength(), routeUri.port());
    }

    private void rewriteMaxForwards() {
        int header = message.first(HeaderName.MAX_FORWARDS);
        if (header < 0) {
            edits.begin(message.headersEnd(), 0).append(MAX_FORWARDS_70).end();
            return;
        }
        int from = message.valueStart(header);
        edits.begin(from, message.valueEnd(header) - from).appendNatural(message.maxForwards() - 1L).end();
    }

    /**
     * RFC 3261 §16.6 step 8 and RFC 3581 §4: received/rport on the sender's Via, then our own Via
     * with {@code branch} ({@link #branchHash} of the sender's Via: also the transaction's key).
     */
    private void addOwnVia(int egress, long branch) {
        ViaView via = message.topVia();
        long rport = via.rport();
        if (rport != SipParams.NOT_FOUND && SipParams.length(rport) == 0) {
            edits.begin(SipParams.offset(rport), 0).appendByte('=').appendNatural(sourcePort).end();
        }
        if (rport != SipParams.NOT_FOUND || via.hostIpv4() != (sourceIp & 0xFFFFFFFFL)) {
            if (via.received() == SipParams.NOT_FOUND) {
                edits.begin(via.end(), 0).append(RECEIVED_PREFIX).appendIpv4(sourceIp).end();
            }
        }
        Realm face = realms.get(egress);
        int firstVia = message.first(HeaderName.VIA);
        edits.begin(message.lineStart(firstVia), 0).append(VIA_PREFIX).append(face.signallingFace())
            .append(BRANCH_PREFIX).appendHex(branch).append(RPORT_SUFFIX).end();
    }

    /**
     * The branch of the Via the ALG puts above {@code via} (the Via it received on top). The same
     * request, its CANCEL and the ACK of a non-2xx get the same branch, as RFC 3261 §16.11 asks of a
     * proxy that keeps no transaction state; the Request-URI is in it so that a request that comes
     * back unchanged is a loop and one that was retargeted is a spiral (§16.3 step 4).
     */
    private long branchHash(ViaView via) {
        DirectBuffer buffer = message.buffer();
        long h = message.callIdHash();   // the Call-ID hashed from the same seed: computed once per message
        h = Ascii.hash(h, buffer, message.requestUriOffset(), message.requestUriLength());
        if (via.hasRfc3261Branch()) {
            long branch = via.branch();
            h = Ascii.hash(h, buffer, SipParams.offset(branch), SipParams.length(branch));
            return Ascii.hash(h, buffer, via.hostOffset(), via.hostLength());
        }
        // RFC 2543 peer: no unique branch, so the whole Via and the CSeq number stand in.
        h = Ascii.hash(h, buffer, via.start(), via.end() - via.start());
        return h ^ message.cseqNumber();
    }

    /**
     * RFC 3261 §16.3 step 4: a Via of the ALG's own further down means it forwarded this request
     * before. If the branch it wrote then is what it would write now, nothing changed on the way
     * round: a loop. A different branch (another Request-URI) is a legitimate spiral.
     */
    private boolean looped() {
        singleVia = false;
        if (!vias.first(message, HeaderName.VIA)) {
            return false;
        }
        if (!vias.next()) {
            singleVia = true;   // straight from the UA that sent it: it cannot have passed the ALG before
            return false;
        }
        vias.first(message, HeaderName.VIA);
        DirectBuffer buffer = message.buffer();
        while (true) {
            boolean own = loopVia.wrap(buffer, vias.start(), vias.end())
                && realms.isOwn(buffer, loopVia.hostOffset(), loopVia.hostLength(), loopVia.port());
            long branch = own ? loopVia.branch() : SipParams.NOT_FOUND;
            int branchOffset = SipParams.offset(branch);
            int branchLength = SipParams.length(branch);
            if (!vias.next()) {
                return false;
            }
            if (branch != SipParams.NOT_FOUND && branchLength == OWN_BRANCH_PREFIX.length + 16
                && Ascii.startsWith(buffer, branchOffset, branchLength, OWN_BRANCH_PREFIX)
                && loopVia.wrap(buffer, vias.start(), vias.end())
                && Ascii.hexEquals(buffer, branchOffset + OWN_BRANCH_PREFIX.length, 16, branchHash(loopVia))) {
                return true;
            }
        }
    }

    /** RFC 5658 double Record-Route: the egress realm's face first, then the ingress realm's. */
    private void addRecordRoute(int egress) {
        int firstRecordRoute = message.first(HeaderName.RECORD_ROUTE);
        int at = firstRecordRoute >= 0 ? message.lineStart(firstRecordRoute) : message.lineStart(message.first(HeaderName.VIA));
        edits.begin(at, 0).append(realms.doubleRecordRoute(egress, ingress)).end();
    }

    /** SDP from {@code sender} to {@code receiver}: relay ports and the egress realm's media host. */
    private boolean rewriteSdp(Call call, int sender, int receiver, int egress) {
        return sessions.onSdp(call, sender, receiver, message.buffer(), message.bodyOffset(), message.bodyLength(),
            realms.get(egress).mediaHost(), edits);
    }

    /** Keeps a side's From or To value for the BYE the ALG may have to send on its behalf. */
    private void keepParty(Call call, int side, int fromOrTo) {
        int header = message.first(fromOrTo);
        if (header >= 0) {
            call.party(side, message.buffer(), message.valueStart(header), message.valueEnd(header) - message.valueStart(header));
        }
    }

    private void fixContentLength() {
        int bodyEnd = message.bodyOffset() + message.bodyLength();
        int newLength = message.bodyLength() + edits.deltaWithin(message.bodyOffset(), bodyEnd + 1);
        int header = message.first(HeaderName.CONTENT_LENGTH);
        if (header >= 0) {
            int from = message.valueStart(header);
            edits.begin(from, message.valueEnd(header) - from).appendNatural(newLength).end();
        } else {
            edits.begin(message.headersEnd(), 0).append(CONTENT_LENGTH_PREFIX).appendNatural(newLength).append(CRLF).end();
        }
    }

    // ---- responses ---------------------------------------------------------------------------

    private int onResponse() {
        if (!injecting) {
            counters.increment(CounterId.RESPONSES_RECEIVED);
            traffic.response(TrafficCounters.RESPONSES_IN, ingress, message.statusCode());
        }
        ViaView via = message.topVia();
        DirectBuffer buffer = message.buffer();
        long branch = via.branch();
        if (branch != SipParams.NOT_FOUND
            && Ascii.startsWith(buffer, SipParams.offset(branch), SipParams.length(branch), ORIGINATED_BRANCH_PREFIX)
            && realms.isOwn(buffer, via.hostOffset(), via.hostLength(), via.port())) {
            counters.increment(CounterId.RESPONSES_TO_OWN_REQUESTS);
            return IGNORED;   // the answer to a BYE of ours: nothing more to do (no transactions yet)
        }
        if (!realms.isOwn(buffer, via.hostOffset(), via.hostLength(), via.port()) || branch == SipParams.NOT_FOUND
            || !Ascii.startsWith(buffer, SipParams.offset(branch), SipParams.length(branch), OWN_BRANCH_PREFIX)) {
            counters.increment(CounterId.DROPPED_RESPONSE_NOT_OURS);
            return DROPPED;
        }
        // The answer to a request the ALG forwarded statefully: its transaction decides first (a 100,
        // a retransmitted final and the answer to the ALG's own CANCEL stop here; an ACK may go back).
        Transaction transaction = transactions.find(ownBranchKey(branch));
        if (transaction != null && transactions.onResponse(transaction, message, injecting, nowMs, out) == TransactionLayer.ABSORB) {
            return IGNORED;
        }
        // RFC 3261 §16.7 step 3: pop our Via; the next one says where the response goes.
        vias.first(message, HeaderName.VIA);
        int ownHeader = vias.header();
        int ownStart = vias.start();
        if (!vias.next()) {
            counters.increment(CounterId.DROPPED_RESPONSE_UNROUTABLE);
            return DROPPED;
        }
        if (vias.header() == ownHeader) {
            edits.delete(ownStart, vias.start() - ownStart);
        } else {
            edits.delete(message.lineStart(ownHeader), message.lineEnd(ownHeader) - message.lineStart(ownHeader));
        }
        if (!nextVia.wrap(buffer, vias.start(), vias.end())) {
            counters.increment(CounterId.DROPPED_RESPONSE_UNROUTABLE);
            return DROPPED;
        }
        // RFC 3581 §4 / RFC 3261 §18.2.2: received and rport, which we set on the way in, win.
        long received = nextVia.received();
        long ip = received != SipParams.NOT_FOUND
            ? Ascii.parseIpv4(buffer, SipParams.offset(received), SipParams.length(received)) : nextVia.hostIpv4();
        long rport = nextVia.rport();
        long port = rport != SipParams.NOT_FOUND && SipParams.length(rport) > 0
            ? Ascii.parseNatural(buffer, SipParams.offset(rport), SipParams.length(rport), 65535)
            : nextVia.port() > 0 ? nextVia.port() : 5060;
        int egress = ip == Ascii.NOT_IPV4 ? -1 : realms.realmOf((int) ip);
        if (egress < 0 || port <= 0) {
            counters.increment(CounterId.DROPPED_RESPONSE_UNROUTABLE);
            return DROPPED;
        }

        if (transaction != null && message.cseqMethod() == SipMethod.REGISTER && message.statusCode() >= 200
            && message.statusCode() < 300) {
            registrations.onRegistered(message, transaction, edits, nowMs);
        }
        Call call = calls.find(buffer, message.callIdOffset(), message.callIdLength(), message.callIdHash());
        if (call != null) {
            int responder = 1 - requestSide(call);
            int status = message.statusCode();
            if (status > 100) {
                contactMasker.mask(message, call, responder, realms.get(egress), edits);
                if (message.hasSdpBody() && call.state() != Call.LINGERING && !rewriteSdp(call, responder, 1 - responder, egress)) {
                    counters.increment(CounterId.MEDIA_PORTS_EXHAUSTED);
                    lifetimes.end(call, nowMs);
                }
            }
            onResponseState(call, status, responder);
        }
        fixContentLength();
        if (edits.overflowed()) {
            counters.increment(CounterId.REWRITE_OVERFLOW);
            return DROPPED;
        }
        // Only a response that completes or advances the transaction is what it answers retransmissions with.
        send(egress, (int) ip, (int) port,
            transaction != null && transaction.state() == Transaction.PROCEEDING ? transaction : null, false);
        if (transaction != null) {
            transactions.respondedUpstream(transaction, message.statusCode(), nowMs);
        }
        counters.increment(CounterId.RESPONSES_FORWARDED);
        traffic.response(TrafficCounters.RESPONSES_OUT, egress, message.statusCode());
        return FORWARDED;
    }

    private void onResponseState(Call call, int status, int responder) {
        int cseqMethod = message.cseqMethod();
        if (cseqMethod == SipMethod.INVITE && call.isInvite()) {
            if (status > 100 && status < 300 && call.state() != Call.LINGERING && responder == Call.CALLEE
                && message.tag(HeaderName.TO) != SipParams.NOT_FOUND) {
                keepParty(call, Call.CALLEE, HeaderName.TO);   // not on the caller's answer to a callee re-INVITE
            }
            if (status >= 200 && status < 300) {
                if (call.state() == Call.SETUP || call.state() == Call.EARLY) {
                    call.state(Call.CONFIRMED);
                    routeSets.keep(message, call, realms);
                    lastCallSetupMs = nowMs - call.startedMs();
                    lifetimes.schedule(call, settings.maxDurationMs(), nowMs);
                    sessions.commit(call);
                }
            } else if (status > 100 && status < 200) {
                if (call.state() == Call.SETUP) {
                    call.state(Call.EARLY);
                }
            } else if (status >= 300 && call.state() != Call.CONFIRMED) {
                lifetimes.end(call, nowMs);   // the initial INVITE failed (re-INVITE failures keep the call)
            }
        } else if (!call.isInvite() && status >= 200) {
            lifetimes.schedule(call, settings.lingerMs(), nowMs);
        }
    }

    // ---- timers ------------------------------------------------------------------------------

    /**
     * Runs expired timers (calls, transaction retransmissions and timeouts, bindings); call with the
     * current time on every duty cycle. What the timers send goes through {@code out}.
     */
    public int onTick(long nowMs, Outbound out) {
        this.nowMs = nowMs;
        this.tickOut = out;
        return timers.poll(nowMs, onTimer);
    }

    private void onTimer(int kind, int index, long timerId) {
        if (kind == CallLifetimes.CALL_TIMER) {
            lifetimes.onTimer(index, timerId, nowMs);
        } else if (kind == RegistrationLayer.EXPIRY_TIMER || kind == RegistrationLayer.KEEPALIVE_TIMER) {
            registrations.onTimer(kind, index, timerId, nowMs, tickOut);
        } else {
            transactions.onTimer(kind, index, timerId, nowMs, tickOut);
        }
    }

    // ---- calls the ALG ends itself -----------------------------------------------------------

    /**
     * Shutdown: ends up to {@code maxCalls} live calls with a BYE to both sides (each call costs two
     * datagrams), and returns how many live calls remain, so the caller can come back for the rest.
     */
    public int terminateSome(int maxCalls, long nowMs, Outbound out) {
        return lifetimes.terminateSome(maxCalls, nowMs, out);
    }

    /**
     * Ends the call with this Call-ID as if both parties hung up: a BYE of the ALG's own to each
     * side (sent through {@code out}), media released. Returns false when no such call is live.
     * Shard thread only (management reaches it through a shard command).
     */
    public boolean terminateCall(DirectBuffer callId, int offset, int length, long nowMs, Outbound out) {
        Call call = calls.find(callId, offset, length, Ascii.hash(Ascii.HASH_SEED, callId, offset, length));
        return call != null && lifetimes.terminate(call, nowMs, out);
    }

    /**
     * The relay saw no media on a stream for the inactivity timeout: end its call (RFC 3665 has
     * no word on it; rtpengine and SBCs do the same so that dead calls do not hold ports).
     */
    public boolean onMediaTimeout(long streamKey, long nowMs, Outbound out) {
        Call call = calls.byIndex(MediaKeys.callIndex(streamKey));
        if (call == null || call.generation() != MediaKeys.generation(streamKey)) {
            return false;
        }
        counters.increment(CounterId.MEDIA_TIMEOUTS);
        return lifetimes.terminate(call, nowMs, out);
    }

    public int activeCalls() {
        return calls.size();
    }

    // ---- output ------------------------------------------------------------------------------

    /** Sends the rewritten message; a transaction keeps a copy (the request it forwarded, or the last response). */
    private void send(int egress, int ip, int port, Transaction keep, boolean isRequest) {
        int length = message.bodyOffset() + message.bodyLength() - message.offset() + edits.delta();
        MutableDirectBuffer target = out.claim(length);
        int written = edits.writeTo(message.buffer(), message.offset(), message.bodyOffset() + message.bodyLength(), target, 0);
        if (keep != null && isRequest) {
            keep.request(target, 0, written);
        } else if (keep != null) {
            keep.response(target, 0, written);
        }
        out.send(written, egress, ip, port);
        lastEgress = egress;
        lastIp = ip;
        lastPort = port;
    }

    /** Where a response to the request in hand goes: its source port with rport (RFC 3581), else its Via. */
    private int responsePort() {
        ViaView via = message.topVia();
        return via.rport() != SipParams.NOT_FOUND ? sourcePort : via.port() > 0 ? via.port() : 5060;
    }

    /**
     * The transaction key of a response's top Via branch, which the ALG wrote ({@link #branchHash}
     * in 16 hex digits after its prefix); 0 when it is not such a branch.
     */
    private long ownBranchKey(long branch) {
        int offset = SipParams.offset(branch) + OWN_BRANCH_PREFIX.length;
        if (SipParams.length(branch) != OWN_BRANCH_PREFIX.length + 16) {
            return 0;
        }
        long high = Ascii.parseHex(message.buffer(), offset, 8);
        long low = Ascii.parseHex(message.buffer(), offset + 8, 8);
        return high < 0 || low < 0 ? 0 : high << 32 | low;
    }

    /**
     * A response the transaction layer made up (408, 487) takes the path of one from the next hop,
     * but is not counted as received from it.
     */
    private void injectResponse(DirectBuffer buffer, int length, int realm, int ip, int port, long nowMs, Outbound out) {
        injecting = true;
        try {
            onDatagram(buffer, 0, length, realm, ip, port, nowMs, out);
        } finally {
            injecting = false;
        }
    }

    private int answerUnlessAck(int status, String reason) {
        if (message.method() == SipMethod.ACK) {
            counters.increment(CounterId.ACKS_DROPPED);
            return DROPPED;   // RFC 3261 §17: an ACK is never answered
        }
        return answer(status, reason);
    }

    private int answer(int status, String reason) {
        counters.increment(CounterId.LOCAL_RESPONSES_SENT);
        writeResponse(status, reason, null);
        lastStatus = status;
        return ANSWERED;
    }

    /** A response of the ALG's own goes straight back to where the request came from (RFC 3581). */
    private void writeResponse(int status, String reason, Transaction keep) {
        int port = responsePort();
        MutableDirectBuffer target = out.claim(responses.maxLength(message, reason));
        int length = responses.write(message, status, reason, sourceIp, target);
        if (keep != null) {
            keep.response(target, 0, length);
        }
        out.send(length, ingress, sourceIp, port);
        traffic.response(TrafficCounters.RESPONSES_OUT, ingress, status);
        traffic.response(TrafficCounters.LOCAL_RESPONSES, ingress, status);
        lastEgress = ingress;
        lastIp = sourceIp;
        lastPort = port;
    }
}
