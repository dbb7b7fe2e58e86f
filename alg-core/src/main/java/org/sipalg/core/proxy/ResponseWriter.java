package org.sipalg.core.proxy;

import org.agrona.MutableDirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.SipParams;

/**
 * Writes a response of the ALG's own to a request (100 Trying, 4xx/5xx, 200 to OPTIONS), as
 * RFC 3261 §8.2.6.2 builds it: the request's Via lines, From, To (with a tag of ours on final
 * responses), Call-ID and CSeq, copied byte for byte. Not thread-safe: one per owner.
 */
final class ResponseWriter {
    private static final byte[] STATUS_PREFIX = Ascii.bytes("SIP/2.0 ");
    private static final byte[] TAG_PREFIX = Ascii.bytes(";tag=sa");
    private static final byte[] TRAILER = Ascii.bytes("Server: sip-alg\r\nContent-Length: 0\r\n\r\n");
    private static final byte[] CRLF = Ascii.bytes("\r\n");
    private static final byte[] UNSUPPORTED = Ascii.bytes("Unsupported: ");
    private static final int[] COPIED = {HeaderName.VIA, HeaderName.FROM, HeaderName.TO, HeaderName.CALL_ID, HeaderName.CSEQ};

    int maxLength(SipMessage request, String reason) {
        int headers = request.headerCount() == 0 ? 0 : request.lineEnd(request.headerCount() - 1) - request.lineStart(0);
        return STATUS_PREFIX.length + 4 + reason.length() + 2 + headers + TAG_PREFIX.length + 16 + 2 + TRAILER.length;
    }

    int write(SipMessage request, int status, String reason, int sourceIp, MutableDirectBuffer target) {
        int p = 0;
        target.putBytes(p, STATUS_PREFIX);
        p += STATUS_PREFIX.length;
        p += Ascii.putNatural(target, p, status);
        target.putByte(p++, Ascii.SP);
        for (int i = 0; i < reason.length(); i++) {
            target.putByte(p++, (byte) reason.charAt(i));
        }
        p = Ascii.put(target, p, CRLF);
        for (int i = 0; i < request.headerCount(); i++) {
            int kind = request.headerKind(i);
            if (!copied(kind)) {
                continue;
            }
            if (kind == HeaderName.TO && status > 100 && i == request.first(HeaderName.TO)
                && request.tag(HeaderName.TO) == SipParams.NOT_FOUND) {
                // RFC 3261 §8.2.6.2: a final response of ours carries our To tag.
                int length = request.valueEnd(i) - request.lineStart(i);
                target.putBytes(p, request.buffer(), request.lineStart(i), length);
                p += length;
                p = Ascii.put(target, p, TAG_PREFIX);
                p += Ascii.putHex(target, p, toTag(request, sourceIp));
                p = Ascii.put(target, p, CRLF);
                continue;
            }
            int length = request.lineEnd(i) - request.lineStart(i);
            target.putBytes(p, request.buffer(), request.lineStart(i), length);
            p += length;
        }
        if (status == 420) {
            p = writeUnsupported(request, target, p);
        }
        return Ascii.put(target, p, TRAILER);
    }

    /** RFC 3261 §16.3 step 5: a 420 lists the option tags it did not understand: all of them, here. */
    private static int writeUnsupported(SipMessage request, MutableDirectBuffer target, int from) {
        int p = from;
        for (int i = request.first(HeaderName.PROXY_REQUIRE); i >= 0; i = request.next(i)) {
            p = Ascii.put(target, p, UNSUPPORTED);
            int length = request.valueEnd(i) - request.valueStart(i);
            target.putBytes(p, request.buffer(), request.valueStart(i), length);
            p = Ascii.put(target, p + length, CRLF);
        }
        return p;
    }

    private static boolean copied(int kind) {
        for (int k : COPIED) {
            if (k == kind) {
                return true;
            }
        }
        return false;
    }

    private static long toTag(SipMessage request, int sourceIp) {
        long h = Ascii.HASH_SEED ^ sourceIp;
        if (request.hasCallId()) {
            h = Ascii.hash(h, request.buffer(), request.callIdOffset(), request.callIdLength());
        }
        return h;
    }
}
