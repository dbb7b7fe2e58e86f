package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sipalg.core.status.CounterId;

/**
 * Bad input on the inside face, sent from Alice's address (127.0.1.10:5061) with a plain {@link DatagramSocket}:
 * garbage and messages without a readable Via are dropped silently (DROPPED_MALFORMED); malformed requests with a
 * readable top Via are answered {@code 400 Bad Request (<reason>)} to their source (REJECTED_MALFORMED); a response
 * whose top Via is not the ALG's is dropped. Afterwards the ALG must still carry a clean SIPp call.
 *
 * <p>The methods run in order and share one ALG: {@link #shouldHaveCountedEveryDropAndRejection} checks the counters
 * the earlier ones produced. Only loopback addresses of CONVENTIONS.md are used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedDatagramIT extends ShippedAlgIT {

    private static final InetSocketAddress ALICE = new InetSocketAddress(Sipp.ALICE_IP, Sipp.ALICE_PORT);
    private static final InetSocketAddress ALG_INSIDE = new InetSocketAddress("127.0.1.1", 5060);
    private static final int[] GARBAGE_SIZES = {1, 100, 1400};
    private static final Duration RESPONSE_WAIT = Duration.ofSeconds(2);
    private static final Duration SILENCE_WAIT = Duration.ofMillis(500);

    // ---- (a) garbage ---------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void shouldDropRandomGarbageSilently() throws Exception {
        Random random = new Random(20260325L);
        try (DatagramSocket socket = aliceSocket()) {
            for (int size : GARBAGE_SIZES) {
                byte[] garbage = new byte[size];
                random.nextBytes(garbage);
                // CRLF alone is a keep-alive (RFC 5626), not garbage: make sure the datagram does not start with one.
                if (garbage[0] == '\r' || garbage[0] == '\n') {
                    garbage[0] = 0;
                }
                send(socket, garbage);
            }
            assertNull(receive(socket, SILENCE_WAIT), "the ALG answered garbage");
        }
    }

    // ---- (b), (c) malformed requests with a readable Via: 400 --------------------------------------------------

    @Test
    @Order(2)
    void shouldAnswerInviteWithoutCallIdWith400() throws Exception {
        String branch = "z9hG4bKmalformed-nocallid";
        String invite = "INVITE sip:bob@127.0.2.10:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "Route: <sip:127.0.1.1:5060;lr>\r\n"
                + "From: Alice <sip:alice@127.0.1.10:5061>;tag=mf1\r\n"
                + "To: Bob <sip:bob@127.0.2.10:5062>\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@127.0.1.10:5061>\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
        try (DatagramSocket socket = aliceSocket()) {
            send(socket, invite.getBytes(StandardCharsets.US_ASCII));

            String response = receive(socket, RESPONSE_WAIT);

            assertNotNull(response, "no response within " + RESPONSE_WAIT.toMillis() + " ms");
            assertEquals("SIP/2.0 400 Bad Request (Missing Call-ID)", firstLine(response), response);
            assertTrue(response.contains(branch), "the 400 must copy the request's Via:\n" + response);
        }
    }

    @Test
    @Order(3)
    void shouldAnswerInviteWithTruncatedHeadersWith400() throws Exception {
        String branch = "z9hG4bKmalformed-truncated";
        String invite = "INVITE sip:bob@127.0.2.10:5062 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: Alice <sip:alice@127.0.1.10:5061>;tag=mf2\r\n"
                + "To: Bob <sip:bob@127.0.2.10:5062>\r\n"
                + "Call-ID: truncated-1@127.0.1.10\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:alice@127.0.1";   // cut in the middle of a header: no line end, no blank line
        try (DatagramSocket socket = aliceSocket()) {
            send(socket, invite.getBytes(StandardCharsets.US_ASCII));

            String response = receive(socket, RESPONSE_WAIT);

            assertNotNull(response, "no response within " + RESPONSE_WAIT.toMillis() + " ms");
            String statusLine = firstLine(response);
            assertTrue(statusLine.startsWith("SIP/2.0 400 ") && statusLine.contains("Truncated"),
                    "expected a 400 whose reason says Truncated, got: " + statusLine);
        }
    }

    // ---- (d), (e) nothing to answer to ---------------------------------------------------------------------------

    @Test
    @Order(4)
    void shouldDropStartLineWithoutVia() throws Exception {
        try (DatagramSocket socket = aliceSocket()) {
            send(socket, "INVITE sip:bob@127.0.2.10:5062 SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));

            assertNull(receive(socket, SILENCE_WAIT), "a request without Via cannot be answered");
        }
    }

    @Test
    @Order(5)
    void shouldDropResponseWithForeignTopVia() throws Exception {
        String response = "SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bKnot-the-algs;rport\r\n"
                + "From: Alice <sip:alice@127.0.1.10:5061>;tag=mf3\r\n"
                + "To: Bob <sip:bob@127.0.2.10:5062>;tag=mf4\r\n"
                + "Call-ID: foreign-via-1@127.0.1.10\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
        try (DatagramSocket socket = aliceSocket()) {
            send(socket, response.getBytes(StandardCharsets.US_ASCII));

            assertNull(receive(socket, SILENCE_WAIT), "a response that is not the ALG's must be dropped");
        }
    }

    // ---- counters, and the ALG still works ----------------------------------------------------------------------

    @Test
    @Order(6)
    void shouldHaveCountedEveryDropAndRejection() throws Exception {
        int dropped = GARBAGE_SIZES.length + 1;   // (a) + (d)
        // Drops send nothing back to wait for: give the pipeline a moment to count them.
        awaitCounter(CounterId.DROPPED_MALFORMED, v -> v >= dropped);
        awaitCounter(CounterId.REJECTED_MALFORMED, v -> v >= 2);
        awaitCounter(CounterId.DROPPED_RESPONSE_NOT_OURS, v -> v >= 1);

        String counters = SippCallIT.algCounters(server);
        assertAll("ALG counters" + counters,
                () -> assertTrue(server.counter(CounterId.DROPPED_MALFORMED) >= dropped,
                        "DROPPED_MALFORMED >= " + dropped),
                () -> assertTrue(server.counter(CounterId.REJECTED_MALFORMED) >= 2, "REJECTED_MALFORMED >= 2"),
                () -> assertTrue(server.counter(CounterId.DROPPED_RESPONSE_NOT_OURS) >= 1,
                        "DROPPED_RESPONSE_NOT_OURS >= 1"),
                () -> assertEquals(0, server.counter(CounterId.ERRORS), "ERRORS (bugs caught by a stage)"));
    }

    @Test
    @Order(7)
    void shouldStillCarryCleanCallsAfterwards() throws Exception {
        Sipp.assumeAvailable();
        Path dir = Sipp.outputDir("MalformedDatagramIT.cleanCallsAfterwards");

        Sipp.CallRun run = Sipp.runCall(dir, 5, 5, 100, Duration.ofSeconds(60));

        String details = run.describe() + SippCallIT.algCounters(server);
        assertAll("SIPp through the ALG after malformed input",
                () -> assertEquals(0, run.alice().exitCode(), "Alice's exit code" + details),
                () -> assertEquals(0, run.bob().exitCode(), "Bob's exit code" + details),
                () -> assertEquals(5, run.alice().successful(), "Alice's SuccessfulCall(C)" + details),
                () -> assertEquals(0, run.alice().failed(), "Alice's FailedCall(C)" + details));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A socket on Alice's address; 5061 must be free (SIPp of an earlier test has exited). */
    private static DatagramSocket aliceSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.bind(ALICE);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, ALG_INSIDE));
    }

    /** The next datagram from the ALG's inside face as text, or null if none came within {@code wait}. */
    private static String receive(DatagramSocket socket, Duration wait) throws IOException {
        byte[] buffer = new byte[65_535];
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return null;
            }
            socket.setSoTimeout((int) leftMs);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (packet.getAddress().equals(InetAddress.getByName("127.0.1.1")) && packet.getPort() == 5060) {
                return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            }
            // Not from the ALG: ignore (nothing else should be talking to Alice's address during the test).
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf("\r\n");
        return end < 0 ? message : message.substring(0, end);
    }

    private static void awaitCounter(CounterId id, LongPredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!done.test(server.counter(id)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
