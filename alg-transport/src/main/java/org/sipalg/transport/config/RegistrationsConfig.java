package org.sipalg.transport.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Registrations the ALG relays (config {@code registrations:}).
 *
 * @param maxBindingsPerShard bindings one shard keeps at most, 16..4194304
 * @param keepalive           {@code crlf}, {@code options} or {@code off}: what keeps a registered
 *                            contact's NAT binding open
 * @param keepaliveInterval   how often it is sent
 */
public record RegistrationsConfig(int maxBindingsPerShard, String keepalive, Duration keepaliveInterval) {

    /** The values used for keys missing from the file. */
    public static final RegistrationsConfig DEFAULT = new RegistrationsConfig(16_384, "crlf", Duration.ofSeconds(30));

    public RegistrationsConfig {
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
    }
}
