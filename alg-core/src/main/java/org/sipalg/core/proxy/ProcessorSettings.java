package org.sipalg.core.proxy;

import org.sipalg.core.route.RealmTable;

/**
 * What one shard's {@link SipProcessor} needs to know.
 *
 * @param shardIndex     this shard; relay ports are split between shards by it
 * @param shardCount     how many shards share the realms' port ranges
 * @param maxCalls       call table capacity of this shard
 * @param inviteTimeoutMs an unanswered INVITE's call state is dropped after this (Timer C, RFC 3261 §16.6)
 * @param maxDurationMs  an established call is ended after this, whatever happens
 * @param lingerMs       an ended call is kept this long so retransmitted BYE/ACK still route (64*T1)
 */
public record ProcessorSettings(RealmTable realms, int shardIndex, int shardCount, int maxCalls,
                                long inviteTimeoutMs, long maxDurationMs, long lingerMs) {
}
