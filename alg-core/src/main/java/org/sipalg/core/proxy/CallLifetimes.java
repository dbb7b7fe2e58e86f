package org.sipalg.core.proxy;

import org.agrona.MutableDirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.call.CallTable;
import org.sipalg.core.media.MediaSessions;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.NameAddr;
import org.sipalg.core.sip.UriView;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.timer.ShardTimers;

/**
 * How a shard's calls end: each call's lifetime timer (setup limit, maximum duration, linger),
 * releasing its media, and the BYEs the ALG sends itself to end a call on both sides (operator's
 * terminate, media timeout, shutdown), through the dialog's route set or to where the party is
 * really reached. Shard thread only.
 */
final class CallLifetimes {
    /** The {@link ShardTimers} kind of a call's lifetime timer. */
    static final int CALL_TIMER = 0;

    private final CallTable calls;
    private final MediaSessions sessions;
    private final ShardTimers timers;
    private final Counters counters;
    private final RequestWriter requests = new RequestWriter();
    private final UriView contact = new UriView();
    private final UriView firstRoute = new UriView();
    private ProcessorSettings settings;

    CallLifetimes(CallTable calls, MediaSessions sessions, ShardTimers timers, Counters counters, ProcessorSettings settings) {
        this.calls = calls;
        this.sessions = sessions;
        this.timers = timers;
        this.counters = counters;
        settings(settings);
    }

    /** Live reconfiguration: timers already running keep their deadline. */
    void settings(ProcessorSettings settings) {
        this.settings = settings;
    }

    /**
     * A safety net behind the INVITE transaction's own timers (Timer C, then the wait for the 487
     * of the CANCEL it causes): a call still not answered after all of them is ended.
     */
    long setupLimitMs() {
        return settings.inviteTimeoutMs() + 2 * TransactionLayer.TIMEOUT_MS;
    }

    void schedule(Call call, long delayMs, long nowMs) {
        timers.cancel(call.timerId());
        call.timerId(timers.schedule(CALL_TIMER, call.index(), nowMs + delayMs));
    }

    /** Releases the call's media and keeps its record a little while for stray retransmissions. */
    void end(Call call, long nowMs) {
        if (call.state() == Call.LINGERING) {
            return;
        }
        sessions.release(call);
        if (call.isInvite()) {
            counters.increment(CounterId.CALLS_ENDED);
        }
        call.state(Call.LINGERING);
        call.ended(nowMs);
        schedule(call, settings.lingerMs(), nowMs);
    }

    void onTimer(int index, long timerId, long nowMs) {
        Call call = calls.byIndex(index);
        if (call == null || call.timerId() != timerId) {
            return;
        }
        call.timerId(ShardTimers.NONE);
        if (call.state() == Call.LINGERING || !call.isInvite()) {
            sessions.release(call);   // a non-INVITE exchange's record may hold nothing; release is idempotent
            calls.remove(call);
        } else {
            end(call, nowMs);   // setup timed out or the call reached its maximum duration
        }
    }

    /** Ends up to {@code maxCalls} live calls (two BYEs each); returns how many live calls remain. */
    int terminateSome(int maxCalls, long nowMs, Outbound out) {
        int ended = 0;
        int remaining = 0;
        for (int index = 0; index < calls.capacity(); index++) {
            Call call = calls.byIndex(index);
            if (call == null || call.state() == Call.LINGERING || !call.isInvite()) {
                continue;
            }
            if (ended < maxCalls && terminate(call, nowMs, out)) {
                ended++;
            } else {
                remaining++;
            }
        }
        return remaining;
    }

    /** Ends a live call as if both parties hung up; false when it is not a live call. */
    boolean terminate(Call call, long nowMs, Outbound out) {
        if (call.state() == Call.LINGERING || !call.isInvite()) {
            return false;
        }
        if (call.state() == Call.CONFIRMED) {
            sendBye(call, Call.CALLEE, out);
            sendBye(call, Call.CALLER, out);
        }
        end(call, nowMs);
        return true;
    }

    /**
     * A BYE of the ALG's own to {@code side}, on behalf of the other side (RFC 3261 §12.2.1.1):
     * through the dialog's route set if it has one, else to where the side is reached.
     */
    private void sendBye(Call call, int side, Outbound out) {
        if (call.contactLength(side) == 0 || call.partyLength(side) == 0 || call.partyLength(1 - side) == 0
            || !contact.wrap(call.contact(side), 0, call.contactLength(side))) {
            return;
        }
        RealmTable realms = settings.realms();
        Realm face = realms.get(call.realm(side));
        boolean routed = call.routeSetLength(side) > 0;
        if (routed) {
            long first = NameAddr.uriRange(call.routeSet(side), 0, call.routeSetLength(side));
            if (first < 0 || !firstRoute.wrap(call.routeSet(side), NameAddr.start(first), NameAddr.end(first))) {
                return;
            }
        }
        UriView hop = routed ? firstRoute : contact;
        long ip = hop.hostIpv4();
        int port = ip != Ascii.NOT_IPV4 ? hop.portOrDefault() : face.nextHopPort();
        int address = ip != Ascii.NOT_IPV4 ? (int) ip : face.nextHopAddress();
        if (!routed && call.reachPort(side) != 0) {
            address = call.reachIp(side);
            port = call.reachPort(side);
        }
        if (port == 0) {
            return;
        }
        if (realms.realmOf(address) != call.realm(side)) {
            // A route set or Contact naming a host outside the party's realm: never an open relay.
            counters.increment(CounterId.RELAY_DENIED);
            return;
        }
        long cseq = call.nextCseq(1 - side);
        MutableDirectBuffer target = out.claim(RequestWriter.maxByeLength(call));
        int length = requests.writeBye(call, side, face, cseq, target);
        out.send(length, call.realm(side), address, port);
        counters.increment(CounterId.REQUESTS_ORIGINATED);
    }
}
