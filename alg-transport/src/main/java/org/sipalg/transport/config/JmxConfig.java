package org.sipalg.transport.config;

import java.util.Objects;

/**
 * The JMX management endpoint.
 *
 * @param enabled      whether to start it
 * @param address      dotted IPv4 address it binds to
 * @param port         its port, 1..65535
 * @param passwordFile JMX password file, or {@code null} for no authentication
 * @param ssl          whether to use TLS
 */
public record JmxConfig(boolean enabled, String address, int port, String passwordFile, boolean ssl) {

    /** The values used for keys missing from the file. */
    public static final JmxConfig DEFAULT = new JmxConfig(true, "127.0.0.1", 9010, null, false);

    public JmxConfig {
        Objects.requireNonNull(address, "address");
    }
}
