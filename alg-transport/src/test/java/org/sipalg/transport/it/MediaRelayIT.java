package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.CallsConfig;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.config.PipelineConfig;

/**
 * RTP through the ALG between real UDP phones on the CONVENTIONS.md addresses: payloads arrive
 * intact and in order both ways, a re-INVITE moves the media, nothing passes after BYE, silence
 * ends the call, and no port stays taken after thousands of calls.
 */
class MediaRelayIT {
    private static final int INSIDE = 0;
    private static final int OUTSIDE = 1;

    private AlgServer server;
    private final List<TestPhone> phones = new ArrayList<>();
    private TestPhone alice;
    private TestPhone bob;

    private AlgServer start(Duration mediaTimeout) throws Exception {
        return start(mediaTimeout, 1);
    }

    private AlgServer start(Duration mediaTimeout, int shards) throws Exception {
        AlgConfig config = ConfigLoader.load(Sipp.HOME.resolve("config/alg.yaml"));
        CallsConfig calls = config.calls();
        PipelineConfig pipeline = config.pipeline();
        config = new AlgConfig(config.file(), config.aliases(), config.realms(),
            new PipelineConfig(pipeline.ringSize(), shards, pipeline.waitStrategy(), pipeline.ioThreads()),
            new CallsConfig(calls.maxCallsPerShard(), calls.inviteTimeout(), calls.maxDuration(), calls.linger(), mediaTimeout),
            config.jmx(), config.logLevel());
        server = AlgServer.start(config);
        return server;
    }

    /** The ALG with this media timeout, and Alice and Bob on their CONVENTIONS.md addresses. */
    private void startWithPhones(Duration mediaTimeout) throws Exception {
        startWithPhones(mediaTimeout, 1);
    }

    private void startWithPhones(Duration mediaTimeout, int shards) throws Exception {
        start(mediaTimeout, shards);
        alice = phone("alice", "127.0.1.10", 5061, 6000);
        bob = phone("bob", "127.0.2.10", 5062, 7000);
    }

    private TestPhone phone(String name, String ip, int sipPort, int rtpPort) throws Exception {
        TestPhone phone = new TestPhone(name, ip, sipPort, rtpPort);
        phones.add(phone);
        return phone;
    }

    @AfterEach
    void stop() {
        phones.forEach(TestPhone::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldRelayRtpBothWaysFollowAReInviteAndStopAfterBye() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        PhoneCall call = new PhoneCall(alice, bob, "media-1").establish();
        assertEquals("127.0.1.1", call.aliceSendsMediaTo, "Alice sees only the inside face");
        assertEquals("127.0.2.1", call.bobSendsMediaTo, "Bob sees only the outside face");

        sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 50);
        sendAndCheck(bob, call.bobSendsMediaTo, call.bobSendsMediaToPort, alice, 50);

        // Bob moves to another address (RFC 3665 §3.7 style re-INVITE): Alice's media follows him.
        bob.moveMedia("127.0.2.11", 7100);
        call.bobReInvites();
        sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 20);
        sendAndCheck(bob, call.bobSendsMediaTo, call.bobSendsMediaToPort, alice, 20);

        call.aliceHangsUp();
        awaitStreamsClosed();
        alice.sendRtp(rtp(1, 999), call.aliceSendsMediaTo, call.aliceSendsMediaToPort);
        assertNull(bob.receiveRtp(300), "nothing is relayed after BYE");
        assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE));
        assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE));
        assertEquals(0, server.counter(CounterId.ERRORS));
    }

    @Test
    void shouldRelayMediaOfALateOfferAnsweredInTheAck() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        PhoneCall call = new PhoneCall(alice, bob, "late-1").establishWithLateOffer();
        assertEquals("127.0.1.1", call.aliceSendsMediaTo);
        assertEquals("127.0.2.1", call.bobSendsMediaTo, "the answer in the ACK was rewritten too");
        sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 10);
        sendAndCheck(bob, call.bobSendsMediaTo, call.bobSendsMediaToPort, alice, 10);
        call.aliceHangsUp();
        awaitStreamsClosed();
    }

    @Test
    void shouldRelayEarlyMediaBeforeTheCallIsAnswered() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        PhoneCall call = new PhoneCall(alice, bob, "early-1").establishWithEarlyMedia(
            early -> sendAndCheck(bob, early.bobSendsMediaTo, early.bobSendsMediaToPort, alice, 10));
        sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 5);
        call.aliceHangsUp();
        awaitStreamsClosed();
    }

    @Test
    void shouldRefuseMediaFromAnotherSourceOnceLatched() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        PhoneCall call = new PhoneCall(alice, bob, "media-2").establish();
        sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 5);
        try (TestPhone intruder = new TestPhone("mallory", "127.0.1.66", 5099, 6666)) {
            intruder.sendRtp(rtp(7, 123), call.aliceSendsMediaTo, call.aliceSendsMediaToPort);
            assertNull(bob.receiveRtp(300), "no media injection");
        }
        assertTrue(server.counter(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE) >= 1);
        call.aliceHangsUp();
    }

    @Test
    void shouldEndASilentCallWithByeToBothSides() throws Exception {
        startWithPhones(Duration.ofSeconds(2));
        new PhoneCall(alice, bob, "silent-1").establish();
        String byeToBob = bob.expect("BYE ", 6_000);
        String byeToAlice = alice.expect("BYE ", 2_000);
        assertTrue(byeToBob.contains("Call-ID: silent-1"));
        assertTrue(byeToAlice.startsWith("BYE sip:alice@127.0.1.10:5061 SIP/2.0"), byeToAlice);
        awaitStreamsClosed();
        assertEquals(1, server.counter(CounterId.MEDIA_TIMEOUTS));
        assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE));
    }

    @Test
    void shouldEndCallsInProgressWithByeToBothSidesWhenStopping() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        new PhoneCall(alice, bob, "stop-1").establish();
        server.close();
        server = null;
        assertTrue(bob.expect("BYE ", 2_000).contains("Call-ID: stop-1"));
        assertTrue(alice.expect("BYE ", 2_000).contains("Call-ID: stop-1"));
    }

    @Test
    void shouldKeepEachCallOnOneShardWhenThereAreSeveral() throws Exception {
        startWithPhones(Duration.ofSeconds(60), 3);
        List<PhoneCall> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            PhoneCall call = new PhoneCall(alice, bob, "shard-" + i).establish();
            if (i % 50 == 0) {
                sendAndCheck(alice, call.aliceSendsMediaTo, call.aliceSendsMediaToPort, bob, 3);
                sendAndCheck(bob, call.bobSendsMediaTo, call.bobSendsMediaToPort, alice, 3);
            }
            calls.add(call);
        }
        awaitOpenStreams(300);
        for (PhoneCall call : calls) {
            call.aliceHangsUp();
        }
        awaitStreamsClosed();
        assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE));
        assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE));
        assertEquals(300, server.counter(CounterId.CALLS_ENDED));
        assertEquals(0, server.counter(CounterId.UNKNOWN_DIALOG), "every in-dialog request found its call's shard");
    }

    @Test
    void shouldGiveEveryPortBackAfterTenThousandSequentialCalls() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        for (int i = 0; i < 10_000; i++) {
            PhoneCall call = new PhoneCall(alice, bob, "seq-" + i).establish();
            call.aliceHangsUp();
        }
        awaitStreamsClosed();
        assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE));
        assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE));
        assertEquals(10_000, server.counter(CounterId.CALLS_ENDED));
        assertEquals(0, server.counter(CounterId.ERRORS));
    }

    @Test
    void shouldCarryFiveHundredConcurrentCallsAndFreeThemAll() throws Exception {
        startWithPhones(Duration.ofSeconds(60));
        List<PhoneCall> calls = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            calls.add(new PhoneCall(alice, bob, "conc-" + i).establish());
        }
        awaitOpenStreams(500);
        assertEquals(server.mediaPortCapacity(INSIDE) - 500, server.freeMediaPorts(INSIDE));
        for (PhoneCall call : calls) {
            call.aliceHangsUp();
        }
        awaitStreamsClosed();
        assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE));
        assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE));
    }

    /** Sends {@code count} RTP packets and checks each arrives intact and in order. */
    private static void sendAndCheck(TestPhone from, String host, int port, TestPhone to, int count) throws java.io.IOException {
        for (int seq = 1; seq <= count; seq++) {
            byte[] packet = rtp(seq, seq * 160);
            from.sendRtp(packet, host, port);
            byte[] received = to.receiveRtp(2_000);
            assertArrayEquals(packet, received, from.name + " -> " + to.name + " packet " + seq);
        }
    }

    /** An RTP packet (RFC 3550 §5.1): version 2, PCMU, sequence and timestamp, 160 bytes of payload. */
    private static byte[] rtp(int sequence, int timestamp) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >> 24);
        packet[5] = (byte) (timestamp >> 16);
        packet[6] = (byte) (timestamp >> 8);
        packet[7] = (byte) timestamp;
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) (sequence * 31 + i);
        }
        return packet;
    }

    private void awaitStreamsClosed() throws InterruptedException {
        awaitOpenStreams(0);
    }

    /** The relay applies commands on its own thread: give it a moment. */
    private void awaitOpenStreams(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.relay().openStreams() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, server.relay().openStreams(), "open relay streams");
    }
}
