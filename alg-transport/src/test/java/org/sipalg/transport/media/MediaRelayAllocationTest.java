package org.sipalg.transport.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.config.Cidr;

/**
 * Relaying one RTP packet allocates nothing on the relay thread once warm (the design card's
 * rule for the media hot path). Uses its own loopback addresses so it can run beside the ITs.
 */
class MediaRelayAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static RealmTable realms() {
        Realm inside = new Realm(0, "inside", Cidr.ipv4ToInt("127.0.21.1"), 5060, null, Cidr.ipv4ToInt("127.0.21.1"), null,
            41000, 41999, new int[] {Cidr.ipv4ToInt("127.0.21.0")}, new int[] {24}, 0, 0);
        Realm outside = new Realm(1, "outside", Cidr.ipv4ToInt("127.0.22.1"), 5060, null, Cidr.ipv4ToInt("127.0.22.1"), null,
            42000, 42999, new int[] {Cidr.ipv4ToInt("127.0.22.0")}, new int[] {24}, 0, 0);
        return new RealmTable(List.of(inside, outside), List.of());
    }

    /**
     * The relay applies the shard's commands (open, targets) on its own thread: until it has, a
     * packet finds no target and is dropped. Send until one gets through.
     */
    private static void awaitFirstPacketThrough(DatagramSocket alice, DatagramSocket bob, byte[] payload,
                                                InetSocketAddress relayInside) throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        bob.setSoTimeout(50);
        for (int attempt = 0; attempt < 100; attempt++) {
            alice.send(new DatagramPacket(payload, payload.length, relayInside));
            try {
                bob.receive(in);
                bob.setSoTimeout(2_000);
                return;
            } catch (java.net.SocketTimeoutException notYet) {
                // commands not applied yet
            }
        }
        throw new AssertionError("no packet got through the relay in 5 s");
    }

    @Test
    void shouldRelayPacketsWithoutAllocatingOnTheRelayThread() throws Exception {
        MediaRelay relay = new MediaRelay(realms(), 60_000_000_000L, key -> { });
        relay.start();
        RelayControl control = new RelayControl(relay);
        long key = MediaKeys.key(0, 1, 1, 0);
        try (DatagramSocket alice = new DatagramSocket(new InetSocketAddress("127.0.21.10", 6000));
             DatagramSocket bob = new DatagramSocket(new InetSocketAddress("127.0.22.10", 7000))) {
            assertTrue(control.open(key, 0, 41000, 1, 42000));
            control.target(key, 0, Cidr.ipv4ToInt("127.0.21.10"), 6000);
            control.target(key, 1, Cidr.ipv4ToInt("127.0.22.10"), 7000);
            control.commit(key);
            InetSocketAddress relayInside = new InetSocketAddress("127.0.21.1", 41000);
            byte[] payload = new byte[172];
            byte[] received = new byte[2048];
            DatagramPacket in = new DatagramPacket(received, received.length);
            Runnable relayOne = () -> {
                try {
                    payload[3]++;
                    alice.send(new DatagramPacket(payload, payload.length, relayInside));
                    bob.receive(in);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            awaitFirstPacketThrough(alice, bob, payload, relayInside);
            for (int i = 0; i < 20_000; i++) {
                relayOne.run();
            }
            assertArrayEquals(payload, java.util.Arrays.copyOf(received, in.getLength()));
            long least = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = THREADS.getThreadAllocatedBytes(relay.threadId());
                for (int i = 0; i < 5_000; i++) {
                    relayOne.run();
                }
                least = Math.min(least, THREADS.getThreadAllocatedBytes(relay.threadId()) - before);
            }
            assertEquals(0, least, "bytes the relay thread allocated for 5000 packets");
            assertTrue(relay.counters().get(CounterId.MEDIA_PACKETS_RELAYED) >= 35_000);
            control.close(key);
        } finally {
            relay.close();
        }
    }
}
