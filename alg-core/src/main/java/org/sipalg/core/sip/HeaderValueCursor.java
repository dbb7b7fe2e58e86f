package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Walks the values of one header kind in order: the comma-separated values of each line, then the
 * next line of that kind (RFC 3261 §7.3.1: both spellings mean the same list). Used for Route,
 * Record-Route, Contact and Via. Not thread-safe: one per owner.
 */
public final class HeaderValueCursor {
    private SipMessage message;
    private int header = -1;
    private int start;
    private int end;

    /** Points at the first value of {@code kind}; false when the message has none. */
    public boolean first(SipMessage message, int kind) {
        this.message = message;
        header = message.first(kind);
        if (header < 0) {
            return false;
        }
        at(message.valueStart(header));
        return true;
    }

    /** Moves to the next value, in this line or the next line of the kind; false at the end. */
    public boolean next() {
        DirectBuffer buffer = message.buffer();
        int lineEnd = message.valueEnd(header);
        int p = Ascii.skipWhitespace(buffer, end, lineEnd);
        if (p < lineEnd && buffer.getByte(p) == ',') {
            at(Ascii.skipWhitespace(buffer, p + 1, lineEnd));
            return true;
        }
        header = message.next(header);
        if (header < 0) {
            return false;
        }
        at(message.valueStart(header));
        return true;
    }

    private void at(int valueStart) {
        start = valueStart;
        end = SipParams.firstValueEnd(message.buffer(), start, message.valueEnd(header));
    }

    /** The header line the current value is in, or -1 past the end. */
    public int header() {
        return header;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }
}
