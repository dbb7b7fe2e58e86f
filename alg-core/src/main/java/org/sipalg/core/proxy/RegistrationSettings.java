package org.sipalg.core.proxy;

/**
 * How the ALG keeps the registrations it relays.
 *
 * @param maxBindingsPerShard bindings one shard keeps at most; a REGISTER beyond is answered 503
 * @param keepalive           what goes to a registered contact to keep its NAT binding open:
 *                            {@link #KEEPALIVE_OFF}, {@link #KEEPALIVE_CRLF} or {@link #KEEPALIVE_OPTIONS}
 * @param keepaliveIntervalMs how often
 */
public record RegistrationSettings(int maxBindingsPerShard, int keepalive, long keepaliveIntervalMs) {
    public static final int KEEPALIVE_OFF = 0;
    /** A bare CRLF pair (RFC 5626 §3.5.1's ping; SIP parsers skip it): the cheapest packet that refreshes a NAT. */
    public static final int KEEPALIVE_CRLF = 1;
    /** An OPTIONS request: also tells from the answer that the phone is alive. */
    public static final int KEEPALIVE_OPTIONS = 2;

    public static final RegistrationSettings DEFAULT = new RegistrationSettings(16_384, KEEPALIVE_CRLF, 30_000);
}
