package org.sipalg.transport.config;

/**
 * Limits of the SIP parser (config {@code limits:}); each bounds the work one datagram can cause.
 *
 * @param maxMessageSize larger datagrams are dropped unread, 512..65507 bytes
 * @param maxHeaders     more header lines are answered 400 (Too Many Headers), 16..1024
 * @param maxStartLine   longer request lines are answered 414, 64..65507 bytes
 */
public record LimitsConfig(int maxMessageSize, int maxHeaders, int maxStartLine) {

    /** The values used for keys missing from the file (the parser's own defaults). */
    public static final LimitsConfig DEFAULT = new LimitsConfig(65_507, 96, 4096);
}
