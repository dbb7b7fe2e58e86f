package org.sipalg.core.proxy;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.registration.Binding;
import org.sipalg.core.route.Realm;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.SipMessage;

/**
 * Writes requests the ALG originates itself: the BYE that ends a call on both sides (media
 * timeout, operator's terminate), built from the dialog state the call keeps (RFC 3261 §12.2.1.1:
 * remote target, From/To with tags, a CSeq above the side's last); and, as a stateful proxy, the
 * CANCEL and the ACK of a non-2xx final it sends hop by hop, built from the INVITE it forwarded
 * (RFC 3261 §9.1 and §17.1.1.3). Not thread-safe: one per owner.
 */
final class RequestWriter {
    private static final byte[] BYE = Ascii.bytes("BYE ");
    private static final byte[] SIP_2_0_CRLF = Ascii.bytes(" SIP/2.0\r\n");
    private static final byte[] VIA = Ascii.bytes("Via: SIP/2.0/UDP ");
    private static final byte[] BRANCH = Ascii.bytes(";branch=z9hG4bKsb");
    private static final byte[] RPORT_CRLF = Ascii.bytes(";rport\r\n");
    private static final byte[] MAX_FORWARDS = Ascii.bytes("Max-Forwards: 70\r\n");
    private static final byte[] FROM = Ascii.bytes("From: ");
    private static final byte[] ROUTE = Ascii.bytes("Route: ");
    private static final byte[] TO = Ascii.bytes("To: ");
    private static final byte[] CALL_ID = Ascii.bytes("Call-ID: ");
    private static final byte[] CSEQ = Ascii.bytes("CSeq: ");
    private static final byte[] BYE_CRLF = Ascii.bytes(" BYE\r\n");
    private static final byte[] TRAILER = Ascii.bytes("Reason: SIP;cause=200;text=\"terminated by sip-alg\"\r\nContent-Length: 0\r\n\r\n");
    private static final byte[] CRLF = Ascii.bytes("\r\n");
    private static final int FIXED = 400;
    private static final byte[] CANCEL = Ascii.bytes("CANCEL");
    private static final byte[] ACK = Ascii.bytes("ACK");
    private static final byte[] TRAILER_EMPTY = Ascii.bytes("Content-Length: 0\r\n\r\n");

    /** The ALG's CANCEL of the INVITE it forwarded: the same Request-URI, top Via, Route, From, To and CSeq number. */
    static int writeCancel(SipMessage invite, MutableDirectBuffer target) {
        return writeHopByHop(invite, CANCEL, null, target);
    }

    /** The ALG's ACK of a non-2xx final {@code response} to the INVITE it forwarded: its To, with the tag. */
    static int writeAck(SipMessage invite, SipMessage response, MutableDirectBuffer target) {
        return writeHopByHop(invite, ACK, response, target);
    }

    /** At most the INVITE's head plus the response's To: what {@link #writeCancel} and {@link #writeAck} need. */
    static int maxHopByHopLength(SipMessage invite, SipMessage response) {
        int to = response == null ? 0 : response.lineEnd(response.first(HeaderName.TO)) - response.lineStart(0);
        return invite.headersEnd() - invite.offset() + to + FIXED;
    }

    private static int writeHopByHop(SipMessage invite, byte[] method, SipMessage response, MutableDirectBuffer target) {
        DirectBuffer source = invite.buffer();
        int p = Ascii.put(target, 0, method);
        target.putByte(p++, Ascii.SP);
        target.putBytes(p, source, invite.requestUriOffset(), invite.requestUriLength());
        p += invite.requestUriLength();
        p = Ascii.put(target, p, SIP_2_0_CRLF);
        p = copyLine(invite, invite.first(HeaderName.VIA), target, p);   // the ALG's own Via only
        p = Ascii.put(target, p, MAX_FORWARDS);
        for (int i = 0; i < invite.headerCount(); i++) {
            int kind = invite.headerKind(i);
            if (kind == HeaderName.ROUTE || kind == HeaderName.FROM || kind == HeaderName.CALL_ID
                || kind == HeaderName.TO && response == null) {
                p = copyLine(invite, i, target, p);
            }
        }
        if (response != null) {
            p = copyLine(response, response.first(HeaderName.TO), target, p);
        }
        p = Ascii.put(target, p, CSEQ);
        p += Ascii.putNatural(target, p, invite.cseqNumber());
        target.putByte(p++, Ascii.SP);
        p = Ascii.put(target, p, method);
        p = Ascii.put(target, p, CRLF);
        return Ascii.put(target, p, TRAILER_EMPTY);
    }

    private static int copyLine(SipMessage message, int header, MutableDirectBuffer target, int p) {
        if (header < 0) {
            return p;
        }
        int length = message.lineEnd(header) - message.lineStart(header);
        target.putBytes(p, message.buffer(), message.lineStart(header), length);
        return p + length;
    }

    private static final byte[] OPTIONS = Ascii.bytes("OPTIONS ");
    private static final byte[] FROM_ALG = Ascii.bytes("From: <sip:sip-alg@");
    private static final byte[] FROM_TAG = Ascii.bytes(">;tag=sa");
    private static final byte[] TO_OPEN = Ascii.bytes("To: <");
    private static final byte[] ANGLE_CRLF = Ascii.bytes(">\r\n");
    private static final byte[] CALL_ID_KEEPALIVE = Ascii.bytes("Call-ID: keepalive-");
    private static final byte[] OPTIONS_CRLF = Ascii.bytes(" OPTIONS\r\n");

    static int maxOptionsPingLength(Realm face) {
        return FIXED + Binding.MAX_CONTACT_LENGTH * 2 + face.signallingHost().length * 3;
    }

    /** An OPTIONS keep-alive to a registered contact (kept NAT binding open, RFC 3665 §2 users behind the ALG). */
    int writeOptionsPing(Binding binding, long token, Realm face, long cseq, MutableDirectBuffer target) {
        int p = Ascii.put(target, 0, OPTIONS);
        target.putBytes(p, binding.contact(), 0, binding.contactLength());
        p += binding.contactLength();
        p = Ascii.put(target, p, SIP_2_0_CRLF);
        p = writeOwnVia(face, Ascii.HASH_SEED ^ token ^ cseq, binding.contact(), binding.contactLength(), target, p);
        p = Ascii.put(target, p, MAX_FORWARDS);
        p = Ascii.put(target, p, FROM_ALG);
        p = Ascii.put(target, p, face.signallingHost());
        p = Ascii.put(target, p, FROM_TAG);
        p += Ascii.putHex(target, p, token);
        p = Ascii.put(target, p, CRLF);
        p = Ascii.put(target, p, TO_OPEN);
        target.putBytes(p, binding.contact(), 0, binding.contactLength());
        p = Ascii.put(target, p + binding.contactLength(), ANGLE_CRLF);
        p = Ascii.put(target, p, CALL_ID_KEEPALIVE);
        p += Ascii.putHex(target, p, token);
        target.putByte(p++, (byte) '@');
        p = Ascii.put(target, p, face.signallingHost());
        p = Ascii.put(target, p, CRLF);
        p = Ascii.put(target, p, CSEQ);
        p += Ascii.putNatural(target, p, cseq);
        p = Ascii.put(target, p, OPTIONS_CRLF);
        return Ascii.put(target, p, TRAILER_EMPTY);
    }

    /** The Via of a request the ALG originates: its face, a branch of its own ("sb": answers are not forwarded). */
    private static int writeOwnVia(Realm face, long seed, DirectBuffer unique, int uniqueLength, MutableDirectBuffer target, int from) {
        int p = Ascii.put(target, from, VIA);
        p = Ascii.put(target, p, face.signallingFace());
        p = Ascii.put(target, p, BRANCH);
        p += Ascii.putHex(target, p, Ascii.hash(seed, unique, 0, uniqueLength));
        return Ascii.put(target, p, RPORT_CRLF);
    }

    static int maxByeLength(Call call) {
        return FIXED + Call.MAX_URI_LENGTH * 4 + Call.MAX_CALL_ID_LENGTH;
    }

    /** BYE to {@code side} of the call, as if sent by the other side, leaving by {@code face}. */
    int writeBye(Call call, int side, Realm face, long cseq, MutableDirectBuffer target) {
        int p = Ascii.put(target, 0, BYE);
        target.putBytes(p, call.contact(side), 0, call.contactLength(side));
        p += call.contactLength(side);
        p = Ascii.put(target, p, SIP_2_0_CRLF);
        p = writeOwnVia(face, Ascii.HASH_SEED ^ (cseq << 1 | side), call.callId(), call.callIdLength(), target, p);
        p = Ascii.put(target, p, MAX_FORWARDS);
        if (call.routeSetLength(side) > 0) {
            p = Ascii.put(target, p, ROUTE);
            target.putBytes(p, call.routeSet(side), 0, call.routeSetLength(side));
            p = Ascii.put(target, p + call.routeSetLength(side), CRLF);
        }
        p = Ascii.put(target, p, FROM);
        target.putBytes(p, call.party(1 - side), 0, call.partyLength(1 - side));
        p += call.partyLength(1 - side);
        p = Ascii.put(target, p, CRLF);
        p = Ascii.put(target, p, TO);
        target.putBytes(p, call.party(side), 0, call.partyLength(side));
        p += call.partyLength(side);
        p = Ascii.put(target, p, CRLF);
        p = Ascii.put(target, p, CALL_ID);
        target.putBytes(p, call.callId(), 0, call.callIdLength());
        p += call.callIdLength();
        p = Ascii.put(target, p, CRLF);
        p = Ascii.put(target, p, CSEQ);
        p += Ascii.putNatural(target, p, cseq);
        p = Ascii.put(target, p, BYE_CRLF);
        return Ascii.put(target, p, TRAILER);
    }
}
