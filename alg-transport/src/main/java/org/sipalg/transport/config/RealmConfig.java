package org.sipalg.transport.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One realm (network side) of the ALG: where it listens for SIP, which networks it serves, and where it relays media.
 *
 * @param name            the realm's name, the key under {@code realms:} ({@code [a-z][a-z0-9_-]*})
 * @param address         dotted IPv4 address the SIP socket binds to
 * @param port            SIP port, 1..65535
 * @param advertised      host name or IPv4 written into headers instead of {@code address}, or {@code null}
 * @param networks        the networks reached through this realm (at least one)
 * @param mediaAddress    dotted IPv4 address the media relay binds to
 * @param mediaAdvertised host name or IPv4 written into SDP instead of {@code mediaAddress}, or {@code null}
 * @param mediaPortMin    first media port (even)
 * @param mediaPortMax    last media port
 * @param nextHop         where requests leaving through this realm are sent, or {@code null}
 * @param nextHopProbe    how often the ALG sends the next hop an OPTIONS to know whether it is up, or {@code null}
 */
public record RealmConfig(String name, String address, int port, String advertised, List<Cidr> networks,
                          String mediaAddress, String mediaAdvertised, int mediaPortMin, int mediaPortMax,
                          HostPort nextHop, Duration nextHopProbe) {

    /** A realm whose next hop, if any, is not probed. */
    public RealmConfig(String name, String address, int port, String advertised, List<Cidr> networks,
                       String mediaAddress, String mediaAdvertised, int mediaPortMin, int mediaPortMax, HostPort nextHop) {
        this(name, address, port, advertised, networks, mediaAddress, mediaAdvertised, mediaPortMin, mediaPortMax, nextHop, null);
    }

    public RealmConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        networks = List.copyOf(networks);
        Objects.requireNonNull(mediaAddress, "mediaAddress");
    }
}
