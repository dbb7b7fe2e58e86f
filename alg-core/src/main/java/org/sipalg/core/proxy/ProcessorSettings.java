package org.sipalg.core.proxy;

import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.SipMessage;

/**
 * What one shard's {@link SipProcessor} needs to know.
 *
 * @param shardIndex     this shard; relay ports are split between shards by it
 * @param shardCount     how many shards share the realms' port ranges
 * @param maxCalls       call table capacity of this shard
 * @param inviteTimeoutMs an unanswered INVITE's call state is dropped after this (Timer C, RFC 3261 §16.6)
 * @param maxDurationMs  an established call is ended after this, whatever happens
 * @param lingerMs       an ended call is kept this long so retransmitted BYE/ACK still route (64*T1)
 * @param maxMessageSize larger datagrams are dropped unread (parser limit, config {@code limits:})
 * @param maxHeaders     more header lines are answered 400 (Too Many Headers)
 * @param maxStartLine   longer request lines are answered 414
 * @param registrations  the binding table and NAT keep-alives
 */
public record ProcessorSettings(RealmTable realms, int shardIndex, int shardCount, int maxCalls,
                                long inviteTimeoutMs, long maxDurationMs, long lingerMs,
                                int maxMessageSize, int maxHeaders, int maxStartLine,
                                RegistrationSettings registrations) {

    /** Settings with the parser's default limits. */
    public ProcessorSettings(RealmTable realms, int shardIndex, int shardCount, int maxCalls,
                             long inviteTimeoutMs, long maxDurationMs, long lingerMs) {
        this(realms, shardIndex, shardCount, maxCalls, inviteTimeoutMs, maxDurationMs, lingerMs,
            SipMessage.DEFAULT_MAX_MESSAGE_SIZE, SipMessage.DEFAULT_MAX_HEADERS, SipMessage.DEFAULT_MAX_START_LINE,
            RegistrationSettings.DEFAULT);
    }

    /** A parser sized by these limits. */
    public SipMessage newMessage() {
        return new SipMessage(maxHeaders, maxMessageSize, maxStartLine);
    }

    /**
     * A parser for what the ALG itself forwarded: forwarding adds header lines (Via, Record-Route,
     * Max-Forwards, Content-Length) and may lengthen the Request-URI, so a request accepted within
     * the limits must still read back when the ALG builds its CANCEL, ACK or 408 from it.
     */
    public SipMessage newForwardedMessage() {
        return new SipMessage(maxHeaders + 8, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
