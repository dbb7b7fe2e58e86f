package org.sipalg.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The RFC 4475 torture messages of src/test/resources/sip/rfc4475, decoded to the bytes on the
 * wire (see the README there): LF becomes CRLF and {@code <hex>..</hex>} becomes its bytes.
 */
public final class Rfc4475 {
    /** §3.1.1: every one must parse. */
    public static final List<String> VALID = List.of(
        "3.1.1.1-wsinv", "3.1.1.2-intmeth", "3.1.1.3-esc01", "3.1.1.4-escnull", "3.1.1.5-esc02",
        "3.1.1.6-lwsdisp", "3.1.1.7-longreq", "3.1.1.8-dblreq", "3.1.1.9-semiuri", "3.1.1.10-transports",
        "3.1.1.11-mpart01", "3.1.1.12-unreason", "3.1.1.13-noreason");
    /** §3.1.2: every one is rejected or, where the RFC allows it, tolerated. */
    public static final List<String> INVALID = List.of(
        "3.1.2.1-badinv01", "3.1.2.2-clerr", "3.1.2.3-ncl", "3.1.2.4-scalar02", "3.1.2.5-scalarlg",
        "3.1.2.6-quotbal", "3.1.2.7-ltgtruri", "3.1.2.8-lwsruri", "3.1.2.9-lwsstart", "3.1.2.10-trws",
        "3.1.2.11-escruri", "3.1.2.12-baddate", "3.1.2.13-regbadct", "3.1.2.14-badaspec", "3.1.2.15-baddn",
        "3.1.2.16-badvers", "3.1.2.17-mismatch01", "3.1.2.18-mismatch02", "3.1.2.19-bigcode");

    private static final String HEX_OPEN = "<hex>";
    private static final String HEX_CLOSE = "</hex>";

    private Rfc4475() {
    }

    public static byte[] valid(String name) {
        return load("valid/" + name);
    }

    public static byte[] invalid(String name) {
        return load("invalid/" + name);
    }

    private static byte[] load(String name) {
        try (InputStream in = Rfc4475.class.getResourceAsStream("/sip/rfc4475/" + name + ".sip")) {
            if (in == null) {
                throw new IllegalArgumentException("no RFC 4475 message " + name);
            }
            return decode(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4475 §2: lines end in CRLF; §2.2: {@code <hex>} escapes stand for the bytes they spell. */
    public static byte[] decode(String text) {
        if (text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the files use LF only; CRLF is added on decoding");
        }
        String crlf = text.replace("\n", "\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length());
        int p = 0;
        while (p < crlf.length()) {
            int open = crlf.indexOf(HEX_OPEN, p);
            if (open < 0) {
                open = crlf.length();
            }
            out.writeBytes(crlf.substring(p, open).getBytes(StandardCharsets.ISO_8859_1));
            if (open == crlf.length()) {
                break;
            }
            int close = crlf.indexOf(HEX_CLOSE, open);
            String hex = crlf.substring(open + HEX_OPEN.length(), close);
            for (int i = 0; i < hex.length(); i += 2) {
                out.write(Integer.parseInt(hex.substring(i, i + 2), 16));
            }
            p = close + HEX_CLOSE.length();
        }
        return out.toByteArray();
    }
}
