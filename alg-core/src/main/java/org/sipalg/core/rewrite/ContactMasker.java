package org.sipalg.core.rewrite;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.call.Call;
import org.sipalg.core.route.Realm;
import org.sipalg.core.sip.HeaderName;
import org.sipalg.core.sip.HeaderValueCursor;
import org.sipalg.core.sip.NameAddr;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.sip.UriView;

/**
 * Every Contact value → {@code <sip:user@FACE;sipalg=TOKEN>}: the other realm reaches the party
 * only through the ALG, and the token maps back to the real Contact kept in the call (the first
 * value; a REGISTER or 3xx with several gets them all masked, so none leaks). Header parameters
 * after the URI stay. Not thread-safe: one per owner.
 */
public final class ContactMasker {
    /** The URI parameter that carries the token. */
    public static final byte[] TOKEN_PARAM = Ascii.bytes("sipalg");
    private static final byte[] SIP_SCHEME = Ascii.bytes("sip:");
    private static final byte[] TOKEN_PREFIX = Ascii.bytes(";sipalg=");
    /** Token kinds: a call's (hex only), a registration binding's ('r' then hex). */
    public static final byte CALL_TOKEN = 0;
    public static final byte REGISTRATION_TOKEN = 'r';

    private final HeaderValueCursor contacts = new HeaderValueCursor();
    private final UriView uri = new UriView();

    /** Masks the message's Contacts for {@code side} of {@code call}, as seen through {@code face}. */
    public void mask(SipMessage message, Call call, int side, Realm face, EditList edits) {
        if (!contacts.first(message, HeaderName.CONTACT)) {
            return;
        }
        boolean first = true;
        do {
            mask(message.buffer(), call, side, face, contacts.start(), contacts.end(), first, edits);
            first = false;
        } while (contacts.next());
    }

    private void mask(DirectBuffer buffer, Call call, int side, Realm face, int valueStart, int valueEnd, boolean keep,
                      EditList edits) {
        long range = maskValue(buffer, valueStart, valueEnd, face, CALL_TOKEN, call.token(side), edits);
        if (keep && range >= 0) {
            call.contact(side, buffer, NameAddr.start(range), NameAddr.end(range) - NameAddr.start(range));
        }
    }

    /**
     * Rewrites one Contact value's URI to {@code <sip:user@FACE;sipalg=KIND TOKEN>}; header
     * parameters after it stay. Returns the real URI's range ({@link NameAddr}), or -1 when the
     * value is "*" or no URI (then nothing is written).
     */
    public long maskValue(DirectBuffer buffer, int valueStart, int valueEnd, Realm face, byte kind, long token,
                          EditList edits) {
        if (buffer.getByte(valueStart) == '*') {
            return -1;   // REGISTER's "remove every binding"
        }
        long range = NameAddr.uriRange(buffer, valueStart, valueEnd);
        if (range < 0 || !uri.wrap(buffer, NameAddr.start(range), NameAddr.end(range))) {
            return -1;
        }
        int uriStart = NameAddr.start(range);
        boolean angled = uriStart > valueStart && buffer.getByte(uriStart - 1) == '<';
        EditList edit = edits.begin(uriStart, NameAddr.end(range) - uriStart);
        if (!angled) {
            edit.appendByte('<');   // a bare URI's parameters would otherwise become header parameters
        }
        edit.append(SIP_SCHEME);
        if (uri.userLength() > 0) {
            edit.append(buffer, uri.userOffset(), uri.userLength()).appendByte('@');
        }
        edit.append(face.signallingFace()).append(TOKEN_PREFIX);
        if (kind != CALL_TOKEN) {
            edit.appendByte((char) kind);
        }
        edit.appendHexMinimal(token);
        if (!angled) {
            edit.appendByte('>');
        }
        edit.end();
        return range;
    }
}
