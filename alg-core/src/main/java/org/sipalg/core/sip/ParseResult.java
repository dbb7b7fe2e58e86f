package org.sipalg.core.sip;

/**
 * Outcome codes of {@link SipMessage#parse}. Bad input is a value, never an exception: each code
 * says whether a response is possible and with which status and reason phrase. A status is only
 * sent when the message is a request (not ACK) whose top Via names its sender; otherwise the
 * message is dropped and counted.
 */
public final class ParseResult {
    public static final int OK = 0;
    /** A CRLF keep-alive (RFC 5626 §4.4.1) or an empty datagram: nothing to do. */
    public static final int KEEPALIVE = 1;
    public static final int MALFORMED_START_LINE = 2;
    public static final int UNSUPPORTED_VERSION = 3;
    public static final int MALFORMED_HEADER = 4;
    public static final int TOO_MANY_HEADERS = 5;
    public static final int MESSAGE_TOO_LARGE = 6;
    public static final int MISSING_VIA = 7;
    public static final int MALFORMED_VIA = 8;
    public static final int MISSING_CALL_ID = 9;
    public static final int MISSING_CSEQ = 10;
    public static final int BAD_CSEQ = 11;
    public static final int MISSING_FROM = 12;
    public static final int MISSING_TO = 13;
    public static final int BAD_CONTENT_LENGTH = 14;
    public static final int BODY_TRUNCATED = 15;
    public static final int BAD_MAX_FORWARDS = 16;
    public static final int MISSING_HEADER_END = 17;
    public static final int MALFORMED_REQUEST_URI = 18;
    public static final int CSEQ_METHOD_MISMATCH = 19;
    /** Method, Request-URI and version are there, but not separated by exactly one SP each. */
    public static final int MALFORMED_REQUEST_LINE = 20;
    public static final int START_LINE_TOO_LONG = 21;
    /** The top Via names its sender, but its version or parameters are malformed. */
    public static final int BAD_VIA = 22;
    public static final int MALFORMED_FROM = 23;
    public static final int MALFORMED_TO = 24;
    public static final int MALFORMED_CONTACT = 25;
    /** A header that may appear once (Call-ID, CSeq, From, To, Max-Forwards, Content-Length) appears twice. */
    public static final int DUPLICATE_HEADER = 26;
    public static final int COUNT = 27;

    private static final String[] REASONS = new String[COUNT];
    private static final int[] STATUS = new int[COUNT];

    static {
        define(OK, 0, "OK");
        define(KEEPALIVE, 0, "Keep-alive");
        define(MALFORMED_START_LINE, 0, "Malformed Start Line");
        define(UNSUPPORTED_VERSION, 505, "Version Not Supported");
        define(MALFORMED_HEADER, 400, "Bad Request (Malformed Header)");
        define(TOO_MANY_HEADERS, 400, "Bad Request (Too Many Headers)");
        define(MESSAGE_TOO_LARGE, 513, "Message Too Large");
        define(MISSING_VIA, 0, "Missing Via");
        define(MALFORMED_VIA, 0, "Malformed Via");
        define(MISSING_CALL_ID, 400, "Bad Request (Missing Call-ID)");
        define(MISSING_CSEQ, 400, "Bad Request (Missing CSeq)");
        define(BAD_CSEQ, 400, "Bad Request (Malformed CSeq)");
        define(MISSING_FROM, 400, "Bad Request (Missing From)");
        define(MISSING_TO, 400, "Bad Request (Missing To)");
        define(BAD_CONTENT_LENGTH, 400, "Bad Request (Malformed Content-Length)");
        define(BODY_TRUNCATED, 400, "Bad Request (Content-Length Larger Than Body)");
        define(BAD_MAX_FORWARDS, 400, "Bad Request (Malformed Max-Forwards)");
        define(MISSING_HEADER_END, 400, "Bad Request (Truncated Headers)");
        define(MALFORMED_REQUEST_URI, 400, "Bad Request (Malformed Request-URI)");
        define(CSEQ_METHOD_MISMATCH, 400, "Bad Request (CSeq Method Does Not Match)");
        define(MALFORMED_REQUEST_LINE, 400, "Bad Request (Malformed Request-Line)");
        define(START_LINE_TOO_LONG, 414, "Request-URI Too Long");
        define(BAD_VIA, 400, "Bad Request (Malformed Via)");
        define(MALFORMED_FROM, 400, "Bad Request (Malformed From)");
        define(MALFORMED_TO, 400, "Bad Request (Malformed To)");
        define(MALFORMED_CONTACT, 400, "Bad Request (Malformed Contact)");
        define(DUPLICATE_HEADER, 400, "Bad Request (Duplicate Header)");
    }

    private static void define(int code, int status, String reason) {
        STATUS[code] = status;
        REASONS[code] = reason;
    }

    private ParseResult() {
    }

    /** The status to answer a request with, or 0 when the message can only be dropped. */
    public static int status(int code) {
        return STATUS[code];
    }

    public static String reason(int code) {
        return REASONS[code];
    }
}
