package org.sipalg.core.txn;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.timer.ShardTimers;

/**
 * One request the ALG forwarded, with both halves of a stateful proxy's transaction pair (RFC 3261
 * §16 and §17): the server side towards the sender (where responses go, the last one sent, to
 * answer retransmissions) and the client side towards the next hop (the forwarded bytes, to
 * retransmit with Timer A/E and to build ACK and CANCEL from). The ALG never forks, so one pair
 * is enough. Pooled by {@link TransactionTable}; the byte copies grow once and are reused.
 */
public final class Transaction {
    /** Request forwarded, no final response yet. */
    public static final int PROCEEDING = 1;
    /** A non-2xx final (or any final to a non-INVITE) went upstream; retransmissions are answered from it. */
    public static final int COMPLETED = 2;
    /** A 2xx to the INVITE went upstream (RFC 6026 Accepted): INVITE retransmissions are absorbed. */
    public static final int ACCEPTED = 3;

    /** The ALG's own CANCEL downstream: not asked for, waiting for a provisional, sent, answered. */
    public static final int CANCEL_NONE = 0;
    public static final int CANCEL_PENDING = 1;
    public static final int CANCEL_SENT = 2;
    public static final int CANCEL_ANSWERED = 3;

    private static final int INITIAL_COPY = 1024;
    /** Contacts of one REGISTER the transaction remembers the bindings of; more are masked, not tracked. */
    public static final int MAX_BINDINGS = 8;

    final int index;
    long key;
    boolean inUse;

    private boolean invite;
    /** The request's method ({@link org.sipalg.core.sip.SipMethod}): a retransmission has the same. */
    private int method;
    private int state;
    private int cancel;
    /** The sender gave up (CANCEL): a timeout now means 487 for it, not 408. */
    private boolean cancelledUpstream;
    /** Anything at all came back from the next hop: it is reachable. */
    private boolean heardFromNextHop;
    private boolean provisional;

    private int upstreamRealm;
    private int upstreamIp;
    private int upstreamPort;
    private int downstreamRealm;
    private int downstreamIp;
    private int downstreamPort;

    private final UnsafeBuffer request = new UnsafeBuffer(new byte[INITIAL_COPY]);
    private int requestLength;
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[INITIAL_COPY]);
    private int responseLength;

    private long retransmitTimer = ShardTimers.NONE;
    private long retransmitIntervalMs;
    private long timeoutTimer = ShardTimers.NONE;
    private int timeoutKind;

    /** A REGISTER's bindings (their tokens: a freed and reused slot does not match) and whether it asked to remove them all ("*"). */
    private final long[] bindings = new long[MAX_BINDINGS];
    private int bindingCount;
    private boolean removesAllBindings;

    Transaction(int index) {
        this.index = index;
    }

    void init(long key, int method) {
        this.key = key;
        this.inUse = true;
        this.method = method;
        this.invite = method == SipMethod.INVITE;
        this.state = PROCEEDING;
        this.cancel = CANCEL_NONE;
        this.cancelledUpstream = false;
        this.heardFromNextHop = false;
        this.provisional = false;
        this.requestLength = 0;
        this.responseLength = 0;
        this.retransmitTimer = ShardTimers.NONE;
        this.timeoutTimer = ShardTimers.NONE;
        this.timeoutKind = 0;
        this.bindingCount = 0;
        this.removesAllBindings = false;
    }

    public void bindings(long[] tokens, int count, boolean removesAll) {
        bindingCount = Math.min(count, MAX_BINDINGS);
        System.arraycopy(tokens, 0, bindings, 0, bindingCount);
        removesAllBindings = removesAll;
    }

    public int bindingCount() {
        return bindingCount;
    }

    public long bindingToken(int i) {
        return bindings[i];
    }

    /** Which of the REGISTER's bindings has this token, or -1. */
    public int bindingIndexOf(long token) {
        for (int i = 0; i < bindingCount; i++) {
            if (bindings[i] == token) {
                return i;
            }
        }
        return -1;
    }

    public boolean removesAllBindings() {
        return removesAllBindings;
    }

    public int index() {
        return index;
    }

    public long key() {
        return key;
    }

    public boolean isInvite() {
        return invite;
    }

    public int state() {
        return state;
    }

    public void state(int state) {
        this.state = state;
    }

    public int cancel() {
        return cancel;
    }

    public void cancel(int cancel) {
        this.cancel = cancel;
    }

    public boolean cancelledUpstream() {
        return cancelledUpstream;
    }

    public void cancelledUpstream(boolean cancelled) {
        this.cancelledUpstream = cancelled;
    }

    public boolean heardFromNextHop() {
        return heardFromNextHop;
    }

    public void heardFromNextHop(boolean heard) {
        this.heardFromNextHop = heard;
    }

    public boolean hadProvisional() {
        return provisional;
    }

    public void hadProvisional(boolean provisional) {
        this.provisional = provisional;
    }

    public int method() {
        return method;
    }

    /** Where responses to the sender go (RFC 3581: the source it sent from). */
    public void upstream(int realm, int ip, int port) {
        upstreamRealm = realm;
        upstreamIp = ip;
        upstreamPort = port;
    }

    public int upstreamRealm() {
        return upstreamRealm;
    }

    public int upstreamIp() {
        return upstreamIp;
    }

    public int upstreamPort() {
        return upstreamPort;
    }

    public void downstream(int realm, int ip, int port) {
        downstreamRealm = realm;
        downstreamIp = ip;
        downstreamPort = port;
    }

    public int downstreamRealm() {
        return downstreamRealm;
    }

    public int downstreamIp() {
        return downstreamIp;
    }

    public int downstreamPort() {
        return downstreamPort;
    }

    /** Keeps the request as forwarded (after every rewrite). */
    public void request(DirectBuffer buffer, int offset, int length) {
        requestLength = copy(request, buffer, offset, length);
    }

    public DirectBuffer request() {
        return request;
    }

    public int requestLength() {
        return requestLength;
    }

    /** Keeps the last response sent upstream: a retransmitted request is answered with it. */
    public void response(DirectBuffer buffer, int offset, int length) {
        responseLength = copy(response, buffer, offset, length);
    }

    public DirectBuffer response() {
        return response;
    }

    public int responseLength() {
        return responseLength;
    }

    /** Grows the copy once to the next power of two, so a long-lived pool settles and stops allocating. */
    private static int copy(UnsafeBuffer into, DirectBuffer buffer, int offset, int length) {
        if (into.capacity() < length) {
            into.wrap(new byte[Integer.highestOneBit(length - 1) << 1]);
        }
        into.putBytes(0, buffer, offset, length);
        return length;
    }

    public long retransmitTimer() {
        return retransmitTimer;
    }

    public long retransmitIntervalMs() {
        return retransmitIntervalMs;
    }

    public void retransmitTimer(long timerId, long intervalMs) {
        this.retransmitTimer = timerId;
        this.retransmitIntervalMs = intervalMs;
    }

    public long timeoutTimer() {
        return timeoutTimer;
    }

    /** What the running timeout timer means (one of {@code TransactionLayer}'s kinds). */
    public int timeoutKind() {
        return timeoutKind;
    }

    public void timeoutTimer(long timerId, int kind) {
        this.timeoutTimer = timerId;
        this.timeoutKind = kind;
    }
}
