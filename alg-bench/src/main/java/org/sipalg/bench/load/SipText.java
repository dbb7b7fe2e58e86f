package org.sipalg.bench.load;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The little SIP that {@link RtpLoad}'s own UAC and UAS need: reading the start line, headers and
 * the SDP connection address and audio port of a datagram as text. The load tool's messages are its
 * own and small; this is not a parser for the ALG (that is alg-core's job) and it allocates freely.
 */
final class SipText {
    private final String startLine;
    private final List<String> headerLines;
    private final String body;

    private SipText(String startLine, List<String> headerLines, String body) {
        this.startLine = startLine;
        this.headerLines = headerLines;
        this.body = body;
    }

    /** Splits a datagram into start line, header lines and body; lenient about CRLF vs LF. */
    static SipText parse(String datagram) {
        int bodyStart = datagram.indexOf("\r\n\r\n");
        int separatorLength = 4;
        if (bodyStart < 0) {
            bodyStart = datagram.indexOf("\n\n");
            separatorLength = 2;
        }
        String head = bodyStart < 0 ? datagram : datagram.substring(0, bodyStart);
        String body = bodyStart < 0 ? "" : datagram.substring(bodyStart + separatorLength);
        String[] lines = head.split("\r?\n");
        List<String> headerLines = new ArrayList<>(lines.length);
        for (int i = 1; i < lines.length; i++) {
            headerLines.add(lines[i]);
        }
        return new SipText(lines[0], headerLines, body);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response, or -1 for a request or a malformed status line. */
    int statusCode() {
        if (!isResponse() || startLine.length() < 11) {
            return -1;
        }
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The method of a request ("INVITE"), or "" for a response. */
    String method() {
        int space = startLine.indexOf(' ');
        return isResponse() || space < 0 ? "" : startLine.substring(0, space);
    }

    /** The first value of a header (long form or compact form), or "" when it is absent. */
    String header(String name, String compactName) {
        for (String line : headerLines) {
            String value = valueIfNamed(line, name, compactName);
            if (value != null) {
                return value;
            }
        }
        return "";
    }

    /** Every header line of that name as it was received (names kept), in order. */
    List<String> headerLinesNamed(String name, String compactName) {
        List<String> found = new ArrayList<>();
        for (String line : headerLines) {
            if (valueIfNamed(line, name, compactName) != null) {
                found.add(line);
            }
        }
        return found;
    }

    /** Every value of that header, comma-separated values split, in order. */
    List<String> headerValues(String name, String compactName) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            String value = valueIfNamed(line, name, compactName);
            if (value != null) {
                for (String part : value.split(",(?=\\s*<)")) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    /** A one-stream G.711 µ-law SDP body that receives RTP on {@code rtp}. */
    static String pcmuSdp(String user, long sessionId, InetSocketAddress rtp) {
        String host = rtp.getHostString();
        return "v=0\r\n"
                + "o=" + user + " " + sessionId + " " + sessionId + " IN IP4 " + host + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtp.getPort() + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n";
    }

    /** The URI inside the angle brackets of a name-addr ("<sip:a@b;lr>" -> "sip:a@b;lr"). */
    static String uriOf(String nameAddr) {
        int open = nameAddr.indexOf('<');
        int close = nameAddr.indexOf('>', open + 1);
        return open >= 0 && close > open ? nameAddr.substring(open + 1, close) : nameAddr.trim();
    }

    /**
     * Where the SDP wants audio: the session or media {@code c=} address with the {@code m=audio}
     * port, or null when the body has neither.
     */
    InetSocketAddress sdpAudioAddress() {
        String address = null;
        int port = -1;
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                address = line.substring(9).trim();
            } else if (line.startsWith("m=audio ")) {
                String[] fields = line.split(" ");
                try {
                    port = Integer.parseInt(fields[1]);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return null;
                }
            }
        }
        return address == null || port <= 0 ? null : new InetSocketAddress(address, port);
    }

    private static String valueIfNamed(String line, String name, String compactName) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String lineName = line.substring(0, colon).trim();
        boolean named = lineName.equalsIgnoreCase(name)
                || (compactName != null && lineName.equalsIgnoreCase(compactName));
        return named ? line.substring(colon + 1).trim() : null;
    }
}
