package org.sipalg.core.route;

import java.util.List;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/** The ALG's realms and the names it answers to. Immutable, shared by every shard. */
public final class RealmTable {
    private final Realm[] realms;
    private final byte[][] ownNames;
    /** The double Record-Route line (RFC 5658) by egress and ingress realm, made once: a request only copies it. */
    private final byte[][][] recordRoutes;

    /** @param aliases host names that mean "this ALG" (e.g. alg1.atlanta.example.com) */
    public RealmTable(List<Realm> realms, List<String> aliases) {
        this.realms = realms.toArray(new Realm[0]);
        for (int i = 0; i < this.realms.length; i++) {
            if (this.realms[i].index() != i) {
                throw new IllegalArgumentException("realm " + this.realms[i].name() + " has index " + this.realms[i].index() + ", expected " + i);
            }
        }
        java.util.ArrayList<byte[]> names = new java.util.ArrayList<>();
        for (String alias : aliases) {
            names.add(Ascii.bytes(alias.toLowerCase(java.util.Locale.ROOT)));
        }
        for (Realm realm : this.realms) {
            names.add(Ascii.bytes(new String(realm.signallingHost(), java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT)));
        }
        this.ownNames = names.toArray(new byte[0][]);
        this.recordRoutes = new byte[this.realms.length][this.realms.length][];
        for (Realm out : this.realms) {
            for (Realm in : this.realms) {
                recordRoutes[out.index()][in.index()] = Ascii.bytes("Record-Route: <sip:" + face(out) + ";lr;r2=on>, <sip:"
                    + face(in) + ";lr;r2=on>\r\n");
            }
        }
    }

    private static String face(Realm realm) {
        return new String(realm.signallingFace(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * {@code Record-Route: <sip:EGRESS-FACE;lr;r2=on>, <sip:INGRESS-FACE;lr;r2=on>} and CRLF: the
     * egress face first, as the next hop sees the route set from its side.
     */
    public byte[] doubleRecordRoute(int egress, int ingress) {
        return recordRoutes[egress][ingress];
    }

    public int size() {
        return realms.length;
    }

    public Realm get(int index) {
        return realms[index];
    }

    /** The realm whose networks hold {@code ipv4} most specifically (longest prefix), or -1. */
    public int realmOf(int ipv4) {
        int best = -1;
        int bestLength = -1;
        for (Realm realm : realms) {
            int length = realm.matchLength(ipv4);
            if (length > bestLength) {
                best = realm.index();
                bestLength = length;
            }
        }
        return best;
    }

    /**
     * The realm a request for an unresolvable name leaves by: the first other realm with a
     * default next hop, else the first other realm.
     */
    public int otherRealm(int ingress) {
        int fallback = -1;
        for (Realm realm : realms) {
            if (realm.index() != ingress) {
                if (realm.hasNextHop()) {
                    return realm.index();
                }
                if (fallback < 0) {
                    fallback = realm.index();
                }
            }
        }
        return fallback;
    }

    /** True when host[:port] names one of the ALG's faces (by address, advertised name or alias). */
    public boolean isOwn(DirectBuffer buffer, int hostOffset, int hostLength, int port) {
        long ip = Ascii.parseIpv4(buffer, hostOffset, hostLength);
        if (ip != Ascii.NOT_IPV4) {
            for (Realm realm : realms) {
                if (realm.address() == (int) ip && (port <= 0 ? 5060 : port) == realm.port()) {
                    return true;
                }
            }
            return false;
        }
        for (byte[] name : ownNames) {
            if (Ascii.equalsIgnoreCase(buffer, hostOffset, hostLength, name)) {
                return true;
            }
        }
        return false;
    }
}
