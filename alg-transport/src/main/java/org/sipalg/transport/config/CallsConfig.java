package org.sipalg.transport.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Call-state limits and timers.
 *
 * @param maxCallsPerShard calls one shard tracks at most, 16..4194304
 * @param inviteTimeout    how long an INVITE may stay unanswered
 * @param maxDuration      longest allowed call
 * @param linger           how long a finished call's state is kept for retransmissions
 * @param mediaTimeout     an answered call with no media in either direction for this long is ended
 */
public record CallsConfig(int maxCallsPerShard, Duration inviteTimeout, Duration maxDuration, Duration linger,
                          Duration mediaTimeout) {

    /** The values used for keys missing from the file. */
    public static final CallsConfig DEFAULT =
            new CallsConfig(32768, Duration.ofSeconds(185), Duration.ofHours(4), Duration.ofSeconds(16), Duration.ofSeconds(60));

    public CallsConfig {
        Objects.requireNonNull(inviteTimeout, "inviteTimeout");
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(mediaTimeout, "mediaTimeout");
    }
}
