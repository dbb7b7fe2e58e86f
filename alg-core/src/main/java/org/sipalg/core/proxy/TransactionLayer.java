package org.sipalg.core.proxy;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.route.NextHopHealth;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.timer.ShardTimers;
import org.sipalg.core.txn.Transaction;
import org.sipalg.core.txn.TransactionTable;

/**
 * The ALG as a transaction-stateful proxy (RFC 3261 §16, §17 over UDP): it absorbs retransmitted
 * requests and answers them with the last response it sent; retransmits what it forwarded on
 * Timer A/E and the non-2xx finals it sent on Timer G; answers 408 when the next hop never gives a
 * final answer (Timer B/F) and cancels an INVITE that rings too long (Timer C); sends CANCEL and
 * the ACK of a non-2xx final hop by hop. Responses it makes up itself (408, 487) are handed back
 * to {@link SipProcessor} as if the next hop had sent them, so they take the one response path.
 *
 * <p>Shard thread only. Allocates nothing once the transaction pool has grown.
 */
final class TransactionLayer {
    /** RFC 3261 §17.1.1.1 defaults for UDP: RTT estimate, longest retransmit interval. */
    static final long T1_MS = 500;
    static final long T2_MS = 4000;
    /** Timers B, F, H: how long a transaction waits for an answer. */
    static final long TIMEOUT_MS = 64 * T1_MS;
    /** A next hop that let a request time out without a word is refused 503 for this long. */
    static final long NEXT_HOP_DOWN_MS = 32_000;
    /** Silent next hops remembered at once, at most (the map is sized for it once). */
    private static final int MAX_DOWN_HOPS = 256;

    /** Timer kinds of {@link ShardTimers} that this layer owns. */
    static final int RETRANSMIT_TIMER = 1;
    static final int TIMEOUT_TIMER = 2;

    // What a running timeout means.
    private static final int NO_FINAL = 1;       // Timer B / F
    private static final int RINGING = 2;        // Timer C
    private static final int CANCELLING = 3;     // our CANCEL went, the INVITE still has no final
    private static final int HOLDING = 4;        // completed or accepted: kept for retransmissions

    /** What the processor does with a response after this layer saw it. */
    static final int FORWARD = 1;
    static final int ABSORB = 2;

    /** Turns a response the ALG makes up into one that went through the normal response path. */
    interface ResponseInjector {
        void inject(DirectBuffer buffer, int length, int realm, int ip, int port, long nowMs, Outbound out);
    }

    private final TransactionTable table;
    private final ShardTimers timers;
    private final Counters counters;
    private final ResponseInjector injector;
    private final SipMessage stored;
    private final ResponseWriter responses = new ResponseWriter();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[65_536]);
    /** Next hops that timed out: (realm, ip, port) → refused until (ms). */
    /** What the prober knows of the realms' configured next hops. */
    private final NextHopHealth probed;
    private final Long2LongHashMap downUntil = new Long2LongHashMap(MAX_DOWN_HOPS * 2, 0.65f, -1);
    private long holdMs;
    /** Timer C: how long an INVITE may ring (provisional, no final) before the ALG cancels it. */
    private long inviteTimeoutMs;
    private Transaction lastOpened;

    TransactionLayer(TransactionTable table, ShardTimers timers, Counters counters, SipMessage stored,
                     long holdMs, long inviteTimeoutMs, NextHopHealth probed, ResponseInjector injector) {
        this.table = table;
        this.probed = probed;
        this.timers = timers;
        this.counters = counters;
        this.stored = stored;
        this.holdMs = holdMs;
        this.inviteTimeoutMs = inviteTimeoutMs;
        this.injector = injector;
    }

    /** Live reconfiguration: transactions already waiting keep their deadline. */
    void timers(long holdMs, long inviteTimeoutMs) {
        this.holdMs = holdMs;
        this.inviteTimeoutMs = inviteTimeoutMs;
    }

    int size() {
        return table.size();
    }

    boolean isFull() {
        return table.size() == table.capacity();
    }

    Transaction find(long key) {
        return table.find(key);
    }

    // ---- requests ----------------------------------------------------------------------------

    /**
     * A request that matches a transaction in progress: a retransmission. It is answered with the
     * last response sent (nothing yet: dropped), never forwarded again (RFC 3261 §17.2.1, §17.2.2).
     * An ACK that matches is the sender's ACK of a non-2xx final the ALG sent: it ends Timer G.
     */
    void absorb(Transaction transaction, int method, Outbound out) {
        if (method == SipMethod.ACK) {
            counters.increment(CounterId.ACKS_ABSORBED);
            transaction.retransmitTimer(timers.cancel(transaction.retransmitTimer()), 0);
            return;
        }
        counters.increment(CounterId.RETRANSMISSIONS_ABSORBED);
        if (transaction.responseLength() > 0 && transaction.state() != Transaction.ACCEPTED) {
            resend(transaction.response(), transaction.responseLength(), transaction.upstreamRealm(),
                transaction.upstreamIp(), transaction.upstreamPort(), out);
        }
    }

    /**
     * The next hop is to be refused 503 (RFC 3261 §16.9): it let a request time out without a word
     * lately, or the prober finds the realm's next hop unreachable or silent.
     */
    boolean isDown(int realm, int ip, int port, long nowMs) {
        if (probed.isDown(realm, ip, port)) {
            return true;
        }
        long until = downUntil.get(hopKey(realm, ip, port));
        if (until < 0) {
            return false;
        }
        if (until <= nowMs) {
            downUntil.remove(hopKey(realm, ip, port));
            return false;
        }
        return true;
    }

    /** A transaction for a request about to be forwarded, or null when the table is full. */
    Transaction open(long key, int method) {
        lastOpened = table.create(key, method);
        return lastOpened;
    }

    /**
     * Ends the transaction opened last, whatever its state: for benchmarks that forward the same
     * request again and again and must measure the forward, not the absorption of a retransmission.
     */
    void removeLastOpened() {
        if (lastOpened != null) {
            remove(lastOpened);
            lastOpened = null;
        }
    }

    /** The request went downstream (its bytes are kept by now): Timer A/E and B/F start. */
    void forwarded(Transaction transaction, long nowMs) {
        transaction.retransmitTimer(timers.schedule(RETRANSMIT_TIMER, transaction.index(), nowMs + T1_MS), T1_MS);
        timeout(transaction, NO_FINAL, nowMs + TIMEOUT_MS);
    }

    /**
     * The sender's CANCEL of an INVITE in progress (RFC 3261 §16.10): the processor has answered
     * it 200. The CANCEL goes on downstream once the next hop has answered provisionally (§9.1).
     */
    void cancel(Transaction invite, long nowMs, Outbound out) {
        invite.cancelledUpstream(true);
        if (invite.state() != Transaction.PROCEEDING || invite.cancel() != Transaction.CANCEL_NONE) {
            return;
        }
        if (invite.hadProvisional()) {
            sendCancel(invite, nowMs, out);
        } else {
            invite.cancel(Transaction.CANCEL_PENDING);
        }
    }

    // ---- responses ---------------------------------------------------------------------------

    /**
     * A response from the next hop to a transaction: decides whether it goes upstream, and sends
     * what the ALG owes downstream (CANCEL after a provisional, ACK after a non-2xx final).
     */
    int onResponse(Transaction transaction, SipMessage response, boolean madeUp, long nowMs, Outbound out) {
        if (!madeUp) {
            transaction.heardFromNextHop(true);
        }
        int status = response.statusCode();
        if (response.cseqMethod() == SipMethod.CANCEL) {
            // The answer to the ALG's own CANCEL: it stops that CANCEL's retransmissions, nothing more.
            if (transaction.cancel() == Transaction.CANCEL_SENT && status >= 200) {
                transaction.cancel(Transaction.CANCEL_ANSWERED);
                transaction.retransmitTimer(timers.cancel(transaction.retransmitTimer()), 0);
            }
            counters.increment(CounterId.RESPONSES_TO_OWN_REQUESTS);
            return ABSORB;
        }
        if (status < 200) {
            return onProvisional(transaction, status, nowMs, out);
        }
        if (transaction.state() != Transaction.PROCEEDING) {
            // A retransmitted final. 2xx to an INVITE always goes on (RFC 3261 §16.7 step 5: the ACK
            // is end to end); a non-2xx is ACKed again and stops here (§17.1.1.2).
            if (transaction.isInvite() && status < 300) {
                return FORWARD;
            }
            if (transaction.isInvite()) {
                sendAck(transaction, response, out);
            }
            counters.increment(CounterId.RETRANSMISSIONS_ABSORBED);
            return ABSORB;
        }
        transaction.retransmitTimer(timers.cancel(transaction.retransmitTimer()), 0);
        if (transaction.isInvite() && status >= 300 && !madeUp) {
            sendAck(transaction, response, out);
        }
        return FORWARD;
    }

    private int onProvisional(Transaction transaction, int status, long nowMs, Outbound out) {
        if (transaction.state() != Transaction.PROCEEDING) {
            return ABSORB;   // late: a final went upstream already
        }
        boolean first = !transaction.hadProvisional();
        transaction.hadProvisional(true);
        if (transaction.isInvite()) {
            if (first) {
                transaction.retransmitTimer(timers.cancel(transaction.retransmitTimer()), 0);   // Timer A stops
            }
            if (transaction.cancel() == Transaction.CANCEL_PENDING) {
                sendCancel(transaction, nowMs, out);
            } else if (transaction.cancel() == Transaction.CANCEL_NONE && (first || status > 100)) {
                timeout(transaction, RINGING, nowMs + inviteTimeoutMs);   // Timer C, reset by each provisional
            }
        } else if (transaction.retransmitIntervalMs() < T2_MS && transaction.retransmitTimer() != ShardTimers.NONE) {
            // Proceeding: Timer E goes on at T2 (§17.1.2.2).
            timers.cancel(transaction.retransmitTimer());
            transaction.retransmitTimer(timers.schedule(RETRANSMIT_TIMER, transaction.index(), nowMs + T2_MS), T2_MS);
        }
        // RFC 3261 §16.7 step 5: a 100 is hop by hop; the ALG sent its own.
        return status == 100 ? ABSORB : FORWARD;
    }

    /**
     * The response the processor just sent upstream for the transaction (bytes kept by now): a
     * final one completes the transaction, which is kept a while for retransmissions.
     */
    void respondedUpstream(Transaction transaction, int status, long nowMs) {
        if (status < 200 || transaction.state() != Transaction.PROCEEDING) {
            return;
        }
        if (transaction.isInvite() && status < 300) {
            transaction.state(Transaction.ACCEPTED);
        } else {
            transaction.state(Transaction.COMPLETED);
            if (transaction.isInvite()) {
                // Timer G: the final goes again until the sender's ACK (RFC 3261 §17.2.1).
                transaction.retransmitTimer(timers.schedule(RETRANSMIT_TIMER, transaction.index(), nowMs + T1_MS), T1_MS);
            }
        }
        timeout(transaction, HOLDING, nowMs + holdMs);
    }

    // ---- timers ------------------------------------------------------------------------------

    void onTimer(int kind, int index, long timerId, long nowMs, Outbound out) {
        Transaction transaction = table.byIndex(index);
        if (transaction == null) {
            return;
        }
        if (kind == RETRANSMIT_TIMER && transaction.retransmitTimer() == timerId) {
            transaction.retransmitTimer(ShardTimers.NONE, transaction.retransmitIntervalMs());
            onRetransmitTimer(transaction, nowMs, out);
        } else if (kind == TIMEOUT_TIMER && transaction.timeoutTimer() == timerId) {
            int meaning = transaction.timeoutKind();
            transaction.timeoutTimer(ShardTimers.NONE, 0);
            onTimeout(transaction, meaning, nowMs, out);
        }
    }

    private void onRetransmitTimer(Transaction transaction, long nowMs, Outbound out) {
        long interval = transaction.retransmitIntervalMs();
        if (transaction.state() == Transaction.COMPLETED && transaction.isInvite()) {
            resend(transaction.response(), transaction.responseLength(), transaction.upstreamRealm(),
                transaction.upstreamIp(), transaction.upstreamPort(), out);   // Timer G
            interval = Math.min(interval * 2, T2_MS);
        } else if (transaction.state() != Transaction.PROCEEDING) {
            return;
        } else if (transaction.cancel() == Transaction.CANCEL_SENT) {
            writeCancel(transaction, out);   // Timer E of the ALG's CANCEL
            interval = Math.min(interval * 2, T2_MS);
        } else if (transaction.isInvite() && !transaction.hadProvisional()) {
            resend(transaction.request(), transaction.requestLength(), transaction.downstreamRealm(),
                transaction.downstreamIp(), transaction.downstreamPort(), out);   // Timer A: doubles without cap
            interval *= 2;
        } else if (!transaction.isInvite()) {
            resend(transaction.request(), transaction.requestLength(), transaction.downstreamRealm(),
                transaction.downstreamIp(), transaction.downstreamPort(), out);   // Timer E
            interval = transaction.hadProvisional() ? T2_MS : Math.min(interval * 2, T2_MS);
        } else {
            return;
        }
        counters.increment(CounterId.RETRANSMISSIONS_SENT);
        transaction.retransmitTimer(timers.schedule(RETRANSMIT_TIMER, transaction.index(), nowMs + interval), interval);
    }

    private void onTimeout(Transaction transaction, int meaning, long nowMs, Outbound out) {
        if (meaning == HOLDING) {
            remove(transaction);
            return;
        }
        if (transaction.state() != Transaction.PROCEEDING) {
            return;
        }
        if (meaning == RINGING) {
            // Timer C (RFC 3261 §16.8): it rang too long; CANCEL it and wait for the 487.
            counters.increment(CounterId.INVITE_TIMEOUTS);
            sendCancel(transaction, nowMs, out);
            return;
        }
        if (meaning == NO_FINAL && !transaction.heardFromNextHop()) {
            counters.increment(CounterId.NEXT_HOP_TIMEOUTS);
            // Bounded: silent hops are remembered only up to a fixed number (the map never grows on the shard).
            if (downUntil.size() >= MAX_DOWN_HOPS) {
                downUntil.clear();   // rather forget than grow: the next silence marks a hop again
            }
            downUntil.put(hopKey(transaction.downstreamRealm(), transaction.downstreamIp(), transaction.downstreamPort()),
                nowMs + NEXT_HOP_DOWN_MS);
        }
        counters.increment(CounterId.TRANSACTION_TIMEOUTS);
        if (!transaction.isInvite() && !transaction.cancelledUpstream()) {
            // RFC 4320 §4.1: no 408 to a non-INVITE; the sender's own Timer F ends it.
            remove(transaction);
            return;
        }
        // Timer B, or a CANCEL the next hop never answered: the sender gets the final (§16.7 step 6).
        if (transaction.cancelledUpstream()) {
            inject(transaction, 487, "Request Terminated", nowMs, out);
        } else {
            inject(transaction, 408, "Request Timeout", nowMs, out);
        }
        if (table.byIndex(transaction.index()) == transaction && transaction.state() == Transaction.PROCEEDING) {
            remove(transaction);   // the made-up final could not go upstream: nothing is left to wait for
        }
    }

    private void sendCancel(Transaction invite, long nowMs, Outbound out) {
        invite.cancel(Transaction.CANCEL_SENT);
        if (writeCancel(invite, out)) {
            counters.increment(CounterId.CANCELS_SENT);
        }
        timers.cancel(invite.retransmitTimer());
        invite.retransmitTimer(timers.schedule(RETRANSMIT_TIMER, invite.index(), nowMs + T1_MS), T1_MS);
        timeout(invite, CANCELLING, nowMs + TIMEOUT_MS);
    }

    private boolean writeCancel(Transaction invite, Outbound out) {
        if (!parseStored(invite)) {
            return false;
        }
        MutableDirectBuffer target = out.claim(RequestWriter.maxHopByHopLength(stored, null));
        int length = RequestWriter.writeCancel(stored, target);
        out.send(length, invite.downstreamRealm(), invite.downstreamIp(), invite.downstreamPort());
        return true;
    }

    private void sendAck(Transaction invite, SipMessage response, Outbound out) {
        if (!parseStored(invite)) {
            return;
        }
        MutableDirectBuffer target = out.claim(RequestWriter.maxHopByHopLength(stored, response));
        int length = RequestWriter.writeAck(stored, response, target);
        out.send(length, invite.downstreamRealm(), invite.downstreamIp(), invite.downstreamPort());
        counters.increment(CounterId.ACKS_SENT);
    }

    /** A final of the ALG's own for the transaction, made from the request it forwarded (our Via on top). */
    private void inject(Transaction transaction, int status, String reason, long nowMs, Outbound out) {
        if (!parseStored(transaction) || responses.maxLength(stored, reason) > scratch.capacity()) {
            return;
        }
        int length = responses.write(stored, status, reason, transaction.downstreamIp(), scratch);
        injector.inject(scratch, length, transaction.downstreamRealm(), transaction.downstreamIp(),
            transaction.downstreamPort(), nowMs, out);
    }

    private boolean parseStored(Transaction transaction) {
        return transaction.requestLength() > 0
            && stored.parse(transaction.request(), 0, transaction.requestLength()) == org.sipalg.core.sip.ParseResult.OK;
    }

    private static void resend(DirectBuffer bytes, int length, int realm, int ip, int port, Outbound out) {
        if (length == 0) {
            return;
        }
        MutableDirectBuffer target = out.claim(length);
        target.putBytes(0, bytes, 0, length);
        out.send(length, realm, ip, port);
    }

    private void timeout(Transaction transaction, int meaning, long deadlineMs) {
        timers.cancel(transaction.timeoutTimer());
        transaction.timeoutTimer(timers.schedule(TIMEOUT_TIMER, transaction.index(), deadlineMs), meaning);
    }

    private void remove(Transaction transaction) {
        transaction.retransmitTimer(timers.cancel(transaction.retransmitTimer()), 0);
        transaction.timeoutTimer(timers.cancel(transaction.timeoutTimer()), 0);
        table.remove(transaction);
    }

    private static long hopKey(int realm, int ip, int port) {
        return (long) realm << 48 | (ip & 0xFFFFFFFFL) << 16 | port;
    }
}
