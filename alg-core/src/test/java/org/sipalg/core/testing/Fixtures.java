package org.sipalg.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.proxy.ProcessorSettings;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;

/** Test messages and the default topology of CONVENTIONS.md. */
public final class Fixtures {
    public static final int INSIDE = 0;
    public static final int OUTSIDE = 1;
    public static final int ALICE_IP = ip("127.0.1.10");
    public static final int ALICE_PORT = 5061;
    public static final int BOB_IP = ip("127.0.2.10");
    public static final int BOB_PORT = 5062;
    public static final int PROXY2_IP = ip("127.0.2.20");
    public static final int PROXY2_PORT = 5060;

    private Fixtures() {
    }

    public static int ip(String dotted) {
        byte[] b = dotted.getBytes(StandardCharsets.US_ASCII);
        return (int) Ascii.parseIpv4(new org.agrona.concurrent.UnsafeBuffer(b), 0, b.length);
    }

    public static RealmTable defaultRealms() {
        Realm inside = new Realm(INSIDE, "inside", ip("127.0.1.1"), 5060, null, ip("127.0.1.1"), null, 20000, 29999,
            new int[] {ip("127.0.1.0")}, new int[] {24}, 0, 0);
        Realm outside = new Realm(OUTSIDE, "outside", ip("127.0.2.1"), 5060, null, ip("127.0.2.1"), null, 30000, 39999,
            new int[] {ip("127.0.2.0")}, new int[] {24}, PROXY2_IP, PROXY2_PORT);
        return new RealmTable(List.of(inside, outside), List.of("alg1.atlanta.example.com"));
    }

    public static ProcessorSettings defaultSettings() {
        return new ProcessorSettings(defaultRealms(), 0, 1, 1024, 185_000, 4 * 3_600_000L, 32_000);
    }

    /** Loads a message from src/test/resources/sip, fills ${NAME} placeholders, uses CRLF and a true Content-Length. */
    public static String message(String resource, Map<String, String> values) {
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream("/sip/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = text.replace("\r\n", "\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            // An empty value removes its placeholder's line.
            String placeholder = "${" + e.getKey() + "}";
            text = e.getValue().isEmpty() ? text.replace(placeholder + "\n", "") : text.replace(placeholder, e.getValue());
        }
        return withTrueContentLength(text);
    }

    /** Uses CRLF line ends and sets Content-Length to the body's real length. */
    public static String withTrueContentLength(String message) {
        String text = message.replace("\r\n", "\n");
        int split = text.indexOf("\n\n");
        String head = text.substring(0, split);
        String body = text.substring(split + 2).replace("\n", "\r\n");
        head = head.replaceAll("(?mi)^Content-Length:.*$", "Content-Length: " + body.length());
        return head.replace("\n", "\r\n") + "\r\n\r\n" + body;
    }

    public static String message(String resource) {
        return message(resource, Map.of());
    }
}
