package org.sipalg.transport.config;

import java.util.Objects;

/**
 * A transport address.
 *
 * @param host dotted IPv4 address
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
