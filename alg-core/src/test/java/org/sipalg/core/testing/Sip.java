package org.sipalg.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads test output as text: header lines by name, the body's lines. Test code only. */
public final class Sip {
    private Sip() {
    }

    public static String startLine(String message) {
        return message.substring(0, message.indexOf("\r\n"));
    }

    /** Header lines (name: value) of the head, folded lines joined. */
    public static List<String> headerLines(String message) {
        String head = message.substring(message.indexOf("\r\n") + 2, message.indexOf("\r\n\r\n") + 2);
        List<String> lines = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + line);
            } else if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Values of every header line with this (full) name, in order. */
    public static List<String> headers(String message, String name) {
        return headerLines(message).stream()
            .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
            .map(l -> l.substring(name.length() + 1).trim())
            .collect(Collectors.toList());
    }

    public static String header(String message, String name) {
        List<String> values = headers(message, name);
        return values.isEmpty() ? null : values.get(0);
    }

    public static String body(String message) {
        return message.substring(message.indexOf("\r\n\r\n") + 4);
    }

    public static List<String> bodyLines(String message) {
        return List.of(body(message).split("\r\n"));
    }

    /** The Via header lines of a message, as lines again (to build the response to it). */
    public static String viaLines(String message) {
        return headers(message, "Via").stream().map(v -> "Via: " + v).collect(Collectors.joining("\r\n"));
    }

    /** The URI between angle brackets of a name-addr. */
    public static String uri(String nameAddr) {
        return nameAddr.substring(nameAddr.indexOf('<') + 1, nameAddr.indexOf('>'));
    }
}
