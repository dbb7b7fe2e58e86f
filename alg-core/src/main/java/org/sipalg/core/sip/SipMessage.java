package org.sipalg.core.sip;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * A parsed SIP message as offsets into the received bytes (RFC 3261 §7): the start line, an index
 * of header lines by kind, and the body. {@link #parse} is a single pass that allocates nothing;
 * the instance is reused for every message its owner handles. Not thread-safe: one per owner.
 *
 * <pre>
 *   offset                                              headersEnd  bodyOffset        end
 *   | start line CRLF | name: value CRLF (SP cont CRLF)* |  CRLF     | body ...        |
 * </pre>
 */
public final class SipMessage {
    /** Header lines kept per message; more is answered 400 (limits bound the work, not only the size). */
    public static final int DEFAULT_MAX_HEADERS = 96;
    /** A UDP datagram can carry no more. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65_507;
    /** Longer request lines are answered 414 (Netty's HTTP default initial-line limit is 4096 too). */
    public static final int DEFAULT_MAX_START_LINE = 4096;

    private static final byte[] SIP_SLASH = Ascii.bytes("SIP/");
    private static final byte[] TAG = Ascii.bytes("tag");
    /** Marks a value derived lazily from the message and not computed yet for this parse. */
    private static final long NOT_COMPUTED = Long.MIN_VALUE;
    private static final byte[] SIP = Ascii.bytes("sip");
    private static final byte[] SIPS = Ascii.bytes("sips");

    private final int maxHeaders;
    private final int maxMessageSize;
    private final int maxStartLine;
    private final int[] headerKind;
    private final int[] lineStart;
    private final int[] valueStart;
    private final int[] valueEnd;
    private final int[] lineEnd;
    private final int[] firstOfKind = new int[HeaderName.COUNT];
    private final ViaView topVia = new ViaView();
    private long callIdHash = NOT_COMPUTED;
    private long fromTag = NOT_COMPUTED;
    private long toTag = NOT_COMPUTED;
    /** Kinds that RFC 3261 §7.3.1 allows once: a second one makes the message ambiguous. */
    private static final boolean[] SINGLE = new boolean[HeaderName.COUNT];

    static {
        for (int kind : new int[] {HeaderName.CALL_ID, HeaderName.CSEQ, HeaderName.FROM, HeaderName.TO,
            HeaderName.MAX_FORWARDS, HeaderName.CONTENT_LENGTH}) {
            SINGLE[kind] = true;
        }
    }

    private DirectBuffer buffer;
    private int offset;
    private int end;
    private boolean request;
    private int method;
    private int methodOffset;
    private int methodLength;
    private int uriOffset;
    private int uriLength;
    private int statusCode;
    private int startLineEnd;
    private int headerCount;
    private int headersEnd;
    private int bodyOffset;
    private int bodyLength;
    private long cseqNumber;
    private int cseqMethod;
    private int maxForwards;
    private boolean topViaValid;
    private boolean duplicate;

    public SipMessage() {
        this(DEFAULT_MAX_HEADERS, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_START_LINE);
    }

    public SipMessage(int maxHeaders, int maxMessageSize) {
        this(maxHeaders, maxMessageSize, DEFAULT_MAX_START_LINE);
    }

    /**
     * @param maxHeaders     header lines kept; more is answered 400 (Too Many Headers)
     * @param maxMessageSize larger datagrams are dropped unread
     * @param maxStartLine   longer request lines are answered 414 without being read
     */
    public SipMessage(int maxHeaders, int maxMessageSize, int maxStartLine) {
        if (maxHeaders < 1 || maxMessageSize < 1 || maxStartLine < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxHeaders = maxHeaders;
        this.maxMessageSize = maxMessageSize;
        this.maxStartLine = maxStartLine;
        headerKind = new int[maxHeaders];
        lineStart = new int[maxHeaders];
        valueStart = new int[maxHeaders];
        valueEnd = new int[maxHeaders];
        lineEnd = new int[maxHeaders];
    }

    /** Parses [offset, offset + length) and returns a {@link ParseResult} code. */
    public int parse(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.end = offset + length;
        reset();
        if (length > maxMessageSize) {
            return ParseResult.MESSAGE_TOO_LARGE;
        }
        int p = offset;
        // RFC 3261 §7.5: CRLFs before the start line are ignored; alone they are a keep-alive.
        while (p < end && (buffer.getByte(p) == Ascii.CR || buffer.getByte(p) == Ascii.LF)) {
            p++;
        }
        if (p == end) {
            return ParseResult.KEEPALIVE;
        }
        int lf = Ascii.indexOf(buffer, p, end, Ascii.LF);
        if (lf < 0) {
            return ParseResult.MALFORMED_START_LINE;
        }
        int lineEnd = trimCr(p, lf);
        int startLine = lineEnd - p > maxStartLine ? startLineTooLong(p, lineEnd) : parseStartLine(p, lineEnd);
        if (startLine != ParseResult.OK && !(request && ParseResult.status(startLine) != 0)) {
            return startLine;   // nothing to answer: a response, or not even a method
        }
        int result = parseHeaders(lf + 1);
        if (result != ParseResult.OK || startLine != ParseResult.OK) {
            // A response is still possible when the top Via is readable.
            indexTopVia();
            return startLine != ParseResult.OK ? startLine : result;
        }
        return validate();
    }

    private void reset() {
        headerCount = 0;
        Arrays.fill(firstOfKind, -1);
        request = false;
        method = SipMethod.OTHER;
        statusCode = 0;
        headersEnd = -1;
        bodyOffset = end;
        bodyLength = 0;
        cseqNumber = -1;
        cseqMethod = SipMethod.OTHER;
        maxForwards = -1;
        topViaValid = false;
        duplicate = false;
        methodOffset = 0;
        methodLength = 0;
        uriOffset = 0;
        uriLength = 0;
        callIdHash = NOT_COMPUTED;
        fromTag = NOT_COMPUTED;
        toTag = NOT_COMPUTED;
    }

    private int trimCr(int from, int lf) {
        return lf > from && buffer.getByte(lf - 1) == Ascii.CR ? lf - 1 : lf;
    }

    /**
     * Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1, §25.1): exactly one SP
     * between the three, none at the end (RFC 4475 lwsstart, trws), no LWS inside the URI
     * (lwsruri), a URI with a scheme (ltgtruri) and, for sip/sips, no headers (escruri).
     */
    private int parseStartLine(int from, int lineEnd) {
        startLineEnd = lineEnd;
        int sp1 = Ascii.indexOf(buffer, from, lineEnd, Ascii.SP);
        if (sp1 <= from) {
            return ParseResult.MALFORMED_START_LINE;
        }
        if (Ascii.startsWith(buffer, from, sp1 - from, SIP_SLASH)) {
            return parseStatusLine(from, sp1, lineEnd);
        }
        if (!isToken(from, sp1)) {
            return ParseResult.MALFORMED_START_LINE;
        }
        request = true;
        methodOffset = from;
        methodLength = sp1 - from;
        method = SipMethod.of(buffer, methodOffset, methodLength);
        int sp2 = lastIndexOf(sp1 + 1, lineEnd, Ascii.SP);
        if (sp2 < 0 || sp2 == lineEnd - 1 || sp2 == sp1 + 1 || buffer.getByte(sp1 + 1) == Ascii.SP
            || buffer.getByte(sp2 - 1) == Ascii.SP) {
            return ParseResult.MALFORMED_REQUEST_LINE;
        }
        uriOffset = sp1 + 1;
        uriLength = sp2 - uriOffset;
        int versionStart = sp2 + 1;
        if (!Ascii.startsWith(buffer, versionStart, lineEnd - versionStart, SIP_SLASH)) {
            return ParseResult.MALFORMED_REQUEST_LINE;
        }
        if (!ViaView.versionIs20(buffer, versionStart, lineEnd - versionStart)) {
            return ParseResult.UNSUPPORTED_VERSION;
        }
        return isRequestUri(uriOffset, sp2) ? ParseResult.OK : ParseResult.MALFORMED_REQUEST_URI;
    }

    private boolean isRequestUri(int from, int to) {
        if (!NameAddr.isUri(buffer, from, to)) {
            return false;   // LWS inside, <> around it, or no scheme
        }
        int colon = Ascii.indexOf(buffer, from, to, (byte) ':');
        if (!Ascii.equalsIgnoreCase(buffer, from, colon - from, SIP)
            && !Ascii.equalsIgnoreCase(buffer, from, colon - from, SIPS)) {
            return true;   // another scheme: opaque to the parser (RFC 4475 §3.3.2 unkscm)
        }
        // RFC 3261 §19.1.5: headers have no place in a Request-URI. The userinfo may hold '?',
        // so only a '?' after its last '@' starts headers.
        int hostStart = colon + 1;
        for (int i = to - 1; i > colon; i--) {
            if (buffer.getByte(i) == '@') {
                hostStart = i + 1;
                break;
            }
        }
        return Ascii.indexOf(buffer, hostStart, to, (byte) '?') < 0;
    }

    private int lastIndexOf(int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (buffer.getByte(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** Reads no more of a start line than the limit: its method, so that the request can be answered. */
    private int startLineTooLong(int from, int lineEnd) {
        startLineEnd = lineEnd;
        int p = from;
        while (p < lineEnd && Ascii.isToken(buffer.getByte(p))) {
            p++;
        }
        if (p == from || p == lineEnd || buffer.getByte(p) != Ascii.SP
            || Ascii.startsWith(buffer, from, p - from, SIP_SLASH)) {
            return ParseResult.MALFORMED_START_LINE;
        }
        request = true;
        methodOffset = from;
        methodLength = p - from;
        method = SipMethod.of(buffer, methodOffset, methodLength);
        return ParseResult.START_LINE_TOO_LONG;
    }

    private int parseStatusLine(int from, int sp1, int lineEnd) {
        if (!ViaView.versionIs20(buffer, from, sp1 - from)) {
            return ParseResult.UNSUPPORTED_VERSION;
        }
        int codeStart = sp1 + 1;
        int codeEnd = codeStart;
        while (codeEnd < lineEnd && Ascii.isDigit(buffer.getByte(codeEnd))) {
            codeEnd++;
        }
        long code = Ascii.parseNatural(buffer, codeStart, codeEnd - codeStart, 699);
        if (codeEnd - codeStart != 3 || code < 100 || (codeEnd < lineEnd && buffer.getByte(codeEnd) != Ascii.SP)) {
            return ParseResult.MALFORMED_START_LINE;
        }
        statusCode = (int) code;
        return ParseResult.OK;
    }

    private int parseHeaders(int from) {
        int p = from;
        while (true) {
            if (p >= end) {
                return ParseResult.MISSING_HEADER_END;
            }
            byte first = buffer.getByte(p);
            if (first == Ascii.CR || first == Ascii.LF) {
                headersEnd = p;
                if (first == Ascii.CR) {
                    if (p + 1 >= end || buffer.getByte(p + 1) != Ascii.LF) {
                        return ParseResult.MALFORMED_HEADER;
                    }
                    p += 2;
                } else {
                    p += 1;
                }
                bodyOffset = p;
                bodyLength = end - p;
                return ParseResult.OK;
            }
            if (first == Ascii.SP || first == Ascii.HT) {
                return ParseResult.MALFORMED_HEADER;
            }
            // name *(SP / HT) ":" — a known name is matched whole; any other must be a token.
            int colon = Ascii.indexOf(buffer, p, end, (byte) ':');
            if (colon < 0) {
                return ParseResult.MALFORMED_HEADER;
            }
            int nameEnd = colon;
            while (nameEnd > p && (buffer.getByte(nameEnd - 1) == Ascii.SP || buffer.getByte(nameEnd - 1) == Ascii.HT)) {
                nameEnd--;
            }
            if (nameEnd == p) {
                return ParseResult.MALFORMED_HEADER;
            }
            int kind = HeaderName.of(buffer, p, nameEnd - p);
            if (kind == HeaderName.OTHER && !isToken(p, nameEnd)) {
                return ParseResult.MALFORMED_HEADER;
            }
            // The header runs to the LF not followed by SP/HT (RFC 3261 §7.3.1 line folding).
            int lf = Ascii.indexOf(buffer, colon + 1, end, Ascii.LF);
            while (lf >= 0 && lf + 1 < end && (buffer.getByte(lf + 1) == Ascii.SP || buffer.getByte(lf + 1) == Ascii.HT)) {
                lf = Ascii.indexOf(buffer, lf + 1, end, Ascii.LF);
            }
            if (lf < 0) {
                return ParseResult.MISSING_HEADER_END;
            }
            if (headerCount == maxHeaders) {
                return ParseResult.TOO_MANY_HEADERS;
            }
            int i = headerCount++;
            headerKind[i] = kind;
            lineStart[i] = p;
            valueStart[i] = Ascii.skipWhitespace(buffer, colon + 1, lf);
            valueEnd[i] = Ascii.trimTrailingWhitespace(buffer, valueStart[i], lf);
            lineEnd[i] = lf + 1;
            if (firstOfKind[kind] < 0) {
                firstOfKind[kind] = i;
            } else if (SINGLE[kind]) {
                duplicate = true;
            }
            p = lf + 1;
        }
    }

    private boolean isToken(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Ascii.isToken(buffer.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    private void indexTopVia() {
        int via = firstOfKind[HeaderName.VIA];
        if (via >= 0) {
            topViaValid = topVia.wrapAnyVersion(buffer, valueStart[via],
                SipParams.firstValueEnd(buffer, valueStart[via], valueEnd[via]));
        }
    }

    private int validate() {
        indexTopVia();
        if (firstOfKind[HeaderName.VIA] < 0) {
            return ParseResult.MISSING_VIA;
        }
        if (!topViaValid) {
            return ParseResult.MALFORMED_VIA;
        }
        if (!topVia.isSip20() || !topVia.paramsWellFormed()) {
            return ParseResult.BAD_VIA;
        }
        if (duplicate) {
            return ParseResult.DUPLICATE_HEADER;
        }
        int callId = firstOfKind[HeaderName.CALL_ID];
        if (callId < 0 || valueEnd[callId] == valueStart[callId]) {
            return ParseResult.MISSING_CALL_ID;
        }
        int result = checkAddress(HeaderName.FROM, ParseResult.MISSING_FROM, ParseResult.MALFORMED_FROM);
        if (result != ParseResult.OK) {
            return result;
        }
        result = checkAddress(HeaderName.TO, ParseResult.MISSING_TO, ParseResult.MALFORMED_TO);
        if (result != ParseResult.OK) {
            return result;
        }
        result = parseCSeq();
        if (result != ParseResult.OK) {
            return result;
        }
        result = parseMaxForwards();
        if (result != ParseResult.OK) {
            return result;
        }
        result = parseContentLength();
        if (result != ParseResult.OK) {
            return result;
        }
        return contactsWellFormed() ? ParseResult.OK : ParseResult.MALFORMED_CONTACT;
    }

    /** From or To: well-formed, and its tag noted on the way (routing and the call table ask for it). */
    private int checkAddress(int kind, int missing, int malformed) {
        int i = firstOfKind[kind];
        if (i < 0) {
            return missing;
        }
        int params = NameAddr.paramsStart(buffer, valueStart[i], valueEnd[i]);
        if (params < 0 || !SipParams.scan(buffer, params, valueEnd[i], TAG_ONLY, notedTag)) {
            return malformed;
        }
        if (kind == HeaderName.FROM) {
            fromTag = notedTag[0];
        } else {
            toTag = notedTag[0];
        }
        return ParseResult.OK;
    }

    private static final byte[][] TAG_ONLY = {TAG};
    private final long[] notedTag = new long[1];

    /** Every value of every Contact line: {@code *} or a well-formed name-addr / addr-spec. */
    private boolean contactsWellFormed() {
        for (int i = firstOfKind[HeaderName.CONTACT]; i >= 0; i = next(i)) {
            int p = valueStart[i];
            int e = valueEnd[i];
            if (e - p == 1 && buffer.getByte(p) == '*') {
                continue;
            }
            while (true) {
                int valueEnd = SipParams.firstValueEnd(buffer, p, e);
                if (!NameAddr.isWellFormed(buffer, p, valueEnd)) {
                    return false;
                }
                p = Ascii.skipWhitespace(buffer, valueEnd, e);
                if (p == e) {
                    break;
                }
                p = Ascii.skipWhitespace(buffer, p + 1, e);   // past the ',' that ended the value
            }
        }
        return true;
    }

    private int parseCSeq() {
        int i = firstOfKind[HeaderName.CSEQ];
        if (i < 0) {
            return ParseResult.MISSING_CSEQ;
        }
        int p = valueStart[i];
        int e = valueEnd[i];
        int digitsEnd = p;
        while (digitsEnd < e && Ascii.isDigit(buffer.getByte(digitsEnd))) {
            digitsEnd++;
        }
        // RFC 3261 §8.1.1.5: the sequence number is a 32-bit unsigned integer.
        cseqNumber = Ascii.parseNatural(buffer, p, digitsEnd - p, 0xFFFFFFFFL);
        int methodStart = Ascii.skipWhitespace(buffer, digitsEnd, e);
        if (cseqNumber < 0 || methodStart == digitsEnd || methodStart == e) {
            return ParseResult.BAD_CSEQ;
        }
        if (!isToken(methodStart, e)) {
            return ParseResult.BAD_CSEQ;
        }
        cseqMethod = SipMethod.of(buffer, methodStart, e - methodStart);
        if (request && !Ascii.equals(buffer, methodStart, e - methodStart, buffer, methodOffset, methodLength)) {
            return ParseResult.CSEQ_METHOD_MISMATCH;
        }
        return ParseResult.OK;
    }

    private int parseMaxForwards() {
        int i = firstOfKind[HeaderName.MAX_FORWARDS];
        if (i >= 0) {
            maxForwards = (int) Ascii.parseNatural(buffer, valueStart[i], valueEnd[i] - valueStart[i], 255);
            if (maxForwards < 0) {
                return ParseResult.BAD_MAX_FORWARDS;
            }
        }
        return ParseResult.OK;
    }

    private int parseContentLength() {
        int i = firstOfKind[HeaderName.CONTENT_LENGTH];
        if (i < 0) {
            return ParseResult.OK;   // UDP: the body is the rest of the datagram (RFC 3261 §18.3)
        }
        long declared = Ascii.parseNatural(buffer, valueStart[i], valueEnd[i] - valueStart[i], Integer.MAX_VALUE);
        if (declared < 0) {
            return ParseResult.BAD_CONTENT_LENGTH;
        }
        if (declared > bodyLength) {
            return ParseResult.BODY_TRUNCATED;
        }
        bodyLength = (int) declared;   // bytes past Content-Length are discarded (RFC 3261 §18.3)
        return ParseResult.OK;
    }

    // ---- accessors -------------------------------------------------------------------------

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int end() {
        return end;
    }

    public boolean isRequest() {
        return request;
    }

    public int method() {
        return method;
    }

    public int methodOffset() {
        return methodOffset;
    }

    public int methodLength() {
        return methodLength;
    }

    public int requestUriOffset() {
        return uriOffset;
    }

    public int requestUriLength() {
        return uriLength;
    }

    public int statusCode() {
        return statusCode;
    }

    public int startLineEnd() {
        return startLineEnd;
    }

    public int headerCount() {
        return headerCount;
    }

    public int headerKind(int index) {
        return headerKind[index];
    }

    public int lineStart(int index) {
        return lineStart[index];
    }

    public int valueStart(int index) {
        return valueStart[index];
    }

    public int valueEnd(int index) {
        return valueEnd[index];
    }

    /** Just past the LF that ends the header line (folded lines included). */
    public int lineEnd(int index) {
        return lineEnd[index];
    }

    /** Index of the first header line of a kind, or -1. */
    public int first(int kind) {
        return firstOfKind[kind];
    }

    /** Index of the next header line of the same kind after {@code index}, or -1. */
    public int next(int index) {
        int kind = headerKind[index];
        for (int i = index + 1; i < headerCount; i++) {
            if (headerKind[i] == kind) {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the empty line that ends the headers. */
    public int headersEnd() {
        return headersEnd;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public long cseqNumber() {
        return cseqNumber;
    }

    public int cseqMethod() {
        return cseqMethod;
    }

    /** Max-Forwards value, or -1 when absent. */
    public int maxForwards() {
        return maxForwards;
    }

    public boolean topViaValid() {
        return topViaValid;
    }

    public ViaView topVia() {
        return topVia;
    }

    public int callIdOffset() {
        return valueStart[firstOfKind[HeaderName.CALL_ID]];
    }

    public int callIdLength() {
        int i = firstOfKind[HeaderName.CALL_ID];
        return valueEnd[i] - valueStart[i];
    }

    public boolean hasCallId() {
        int i = firstOfKind[HeaderName.CALL_ID];
        return i >= 0 && valueEnd[i] > valueStart[i];
    }

    /** The tag parameter of From or To (outside the URI), packed as in {@link SipParams}. */
    public long tag(int fromOrTo) {
        // Routing, call lookup and the dialog side all ask: find each tag once per message.
        if (fromOrTo == HeaderName.FROM) {
            return fromTag != NOT_COMPUTED ? fromTag : (fromTag = findTag(fromOrTo));
        }
        if (fromOrTo == HeaderName.TO) {
            return toTag != NOT_COMPUTED ? toTag : (toTag = findTag(fromOrTo));
        }
        return findTag(fromOrTo);
    }

    private long findTag(int fromOrTo) {
        int i = firstOfKind[fromOrTo];
        if (i < 0) {
            return SipParams.NOT_FOUND;
        }
        long uri = NameAddr.uriRange(buffer, valueStart[i], valueEnd[i]);
        int paramsFrom = uri < 0 ? valueStart[i] : NameAddr.end(uri);
        return SipParams.find(buffer, paramsFrom, valueEnd[i], TAG);
    }

    /** Call-ID hash, used to pick the shard that owns the call. */
    public long callIdHash() {
        if (callIdHash == NOT_COMPUTED) {
            callIdHash = Ascii.hash(Ascii.HASH_SEED, buffer, callIdOffset(), callIdLength());
        }
        return callIdHash;
    }

    /** True when the body is SDP (by Content-Type, or by its first line when the type is absent). */
    public boolean hasSdpBody() {
        if (bodyLength < 4) {
            return false;
        }
        int ct = firstOfKind[HeaderName.CONTENT_TYPE];
        if (ct >= 0) {
            int n = APPLICATION_SDP_LOWER.length;
            return valueEnd[ct] - valueStart[ct] >= n && Ascii.equalsIgnoreCase(buffer, valueStart[ct], n, APPLICATION_SDP_LOWER);
        }
        return buffer.getByte(bodyOffset) == 'v' && buffer.getByte(bodyOffset + 1) == '=';
    }

    private static final byte[] APPLICATION_SDP_LOWER = Ascii.bytes("application/sdp");
}
