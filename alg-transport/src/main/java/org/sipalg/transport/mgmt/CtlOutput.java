package org.sipalg.transport.mgmt;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@link CtlMain} prints: aligned text tables for people, or JSON for scripts. */
final class CtlOutput {
    private CtlOutput() {
    }

    /** Columns padded to their widest cell; the first row is the header. */
    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(row.get(c));
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - row.get(c).length()));
                }
            }
            out.println(line);
        }
    }

    /** {@code INVITE 20, ACK 20} for the non-zero entries, or {@code -}. */
    static String nonZero(Map<String, Long> counts) {
        return joined(counts, true);
    }

    /** {@code inside 2, outside 2}: every entry. */
    static String all(Map<String, Long> counts) {
        return joined(counts, false);
    }

    private static String joined(Map<String, Long> counts, boolean skipZero) {
        StringBuilder s = new StringBuilder();
        counts.forEach((key, value) -> {
            if (value != 0 || !skipZero) {
                s.append(s.length() == 0 ? "" : ", ").append(key).append(' ').append(value);
            }
        });
        return s.length() == 0 ? "-" : s.toString();
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    /** JSON of maps, lists, strings, numbers, booleans and null; maps keep their order. */
    static String json(Object value) {
        StringBuilder s = new StringBuilder();
        writeJson(s, value, "");
        return s.toString();
    }

    private static void writeJson(StringBuilder s, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                s.append("{}");
                return;
            }
            s.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                s.append(indent).append("  ");
                writeString(s, String.valueOf(e.getKey()));
                s.append(": ");
                writeJson(s, e.getValue(), indent + "  ");
                s.append(++i < map.size() ? ",\n" : "\n");
            }
            s.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                s.append("[]");
                return;
            }
            s.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                s.append(indent).append("  ");
                writeJson(s, list.get(i), indent + "  ");
                s.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            s.append(indent).append(']');
        } else if (value instanceof Double d) {
            s.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
        } else if (value instanceof Number || value instanceof Boolean) {
            s.append(value);
        } else if (value == null) {
            s.append("null");
        } else {
            writeString(s, value.toString());
        }
    }

    private static void writeString(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
