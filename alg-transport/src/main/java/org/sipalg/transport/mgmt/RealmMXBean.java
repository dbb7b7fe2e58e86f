package org.sipalg.transport.mgmt;

import java.util.Map;

/** {@code sipalg:type=Realm,name=<realm>}: one side of the ALG, its settings in force and its traffic. */
public interface RealmMXBean {
    String getName();

    /** The signalling face, {@code address:port}. */
    String getAddress();

    /** The networks this realm serves (CIDR). */
    String[] getNetworks();

    /** Default next hop {@code address:port}, or empty. */
    String getNextHop();

    /** up, unreachable (ICMP) or silent (no answer to the last OPTIONS); "not probed" without next-hop-probe. */
    String getNextHopState();

    /** Name or address written into headers instead of the face's address, or empty. */
    String getAdvertised();

    /** Media relay address and port range, {@code address:low-high}. */
    String getMediaRange();

    /** Requests received on this face, by method. */
    Map<String, Long> getRequestsIn();

    /** Requests sent out of this face, by method. */
    Map<String, Long> getRequestsOut();

    /** Responses received on this face, by class (1xx..6xx). */
    Map<String, Long> getResponsesIn();

    /** Responses sent out of this face (forwarded and the ALG's own), by class. */
    Map<String, Long> getResponsesOut();

    /** The ALG's own responses sent out of this face, by class. */
    Map<String, Long> getLocalResponses();

    /** Relay ports (RTP and RTCP) of this realm held by calls. */
    int getMediaPortsInUse();

    int getMediaPortsFree();
}
