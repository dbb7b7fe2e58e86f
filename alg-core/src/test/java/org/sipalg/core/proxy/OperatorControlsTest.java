package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.status.TrafficCounters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/** What the operator's console changes and reads in a shard: drain, live settings, per-realm traffic. */
class OperatorControlsTest {
    private static final String F1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");

    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();

    private List<Sent> receive(String message, int realm, int ip, int port, long nowMs) {
        return out.feed(processor, message, realm, ip, port, nowMs);
    }

    @Test
    void shouldAnswer503WhenANewInviteArrivesWhileDraining() {
        processor.onDrain(true);

        List<Sent> sent = receive(F1, INSIDE, ALICE_IP, ALICE_PORT, 1_000);

        assertEquals(1, sent.size(), "only the refusal, nothing forwarded");
        assertEquals("SIP/2.0 503 Service Unavailable (draining)", Sip.startLine(sent.get(0).text()));
        assertEquals(1, counters.get(CounterId.DRAIN_REFUSED));
        assertEquals(0, processor.activeCalls());
    }

    @Test
    void shouldKeepForwardingACallStartedBeforeTheDrainWhenDraining() {
        receive(F1, INSIDE, ALICE_IP, ALICE_PORT, 1_000);
        processor.onDrain(true);

        List<Sent> reInvite = receive(F1.replace("CSeq: 1 INVITE", "CSeq: 2 INVITE").replace("z9hG4bK74bf9", "z9hG4bKre"),
            INSIDE, ALICE_IP, ALICE_PORT, 1_500);

        assertEquals("SIP/2.0 100 Trying", Sip.startLine(reInvite.get(0).text()));
        assertEquals(OUTSIDE, reInvite.get(1).realm(), "the known call's INVITE is forwarded");
        assertEquals(0, counters.get(CounterId.DRAIN_REFUSED));

        processor.onDrain(false);
        List<Sent> other = receive(F1.replace("3848276298220188511@", "other@"), INSIDE, ALICE_IP, ALICE_PORT, 2_000);
        assertEquals(2, other.size(), "new calls pass again once the drain is lifted");
    }

    @Test
    void shouldCountEachRealmsRequestsAndResponsesWhenACallIsSetUp() {
        List<Sent> f1 = receive(F1, INSIDE, ALICE_IP, ALICE_PORT, 1_000);
        Map<String, String> back = Map.of("VIAS", Sip.viaLines(f1.get(1).text()),
            "RECORD_ROUTE", "Record-Route: " + Sip.header(f1.get(1).text(), "Record-Route"));
        receive(Fixtures.message("rfc3665-3.5/F6-200.sip", back), OUTSIDE, PROXY2_IP, PROXY2_PORT, 1_250);

        TrafficCounters traffic = processor.traffic();
        assertEquals(1, traffic.requests(TrafficCounters.REQUESTS_IN, INSIDE, SipMethod.INVITE));
        assertEquals(1, traffic.requests(TrafficCounters.REQUESTS_OUT, OUTSIDE, SipMethod.INVITE));
        assertEquals(0, traffic.requests(TrafficCounters.REQUESTS_OUT, INSIDE, SipMethod.INVITE));
        assertEquals(1, traffic.responses(TrafficCounters.LOCAL_RESPONSES, INSIDE, 1), "100 Trying");
        assertEquals(1, traffic.responses(TrafficCounters.RESPONSES_IN, OUTSIDE, 2));
        assertEquals(2, traffic.responses(TrafficCounters.RESPONSES_OUT, INSIDE, 2) + traffic.responses(TrafficCounters.RESPONSES_OUT, INSIDE, 1),
            "the 100 of the ALG's own and the forwarded 200");
        assertEquals(250, processor.lastCallSetupMs(), "INVITE at 1000 ms, 200 at 1250 ms");
    }

    @Test
    void shouldRouteToTheNewNextHopWhenSettingsChangeLive() {
        int newProxy = Fixtures.ip("127.0.2.30");
        RealmTable old = Fixtures.defaultRealms();
        Realm outside = old.get(OUTSIDE);
        Realm moved = new Realm(OUTSIDE, "outside", outside.address(), outside.port(), null, outside.mediaAddress(), null,
            outside.mediaPortMin(), outside.mediaPortMax(), new int[] {Fixtures.ip("127.0.2.0")}, new int[] {24}, newProxy, 5070);
        RealmTable changed = new RealmTable(List.of(old.get(INSIDE), moved), List.of("alg1.atlanta.example.com"));

        processor.onSettingsChanged(new ProcessorSettings(changed, 0, 1, 1024, 185_000, 4 * 3_600_000L, 32_000));
        List<Sent> sent = receive(F1, INSIDE, ALICE_IP, ALICE_PORT, 1_000);

        assertEquals("127.0.2.30:5070", sent.get(1).destination(), "not the old next hop, Proxy 2");
    }

    @Test
    void shouldRefuseSettingsThatNeedARestartWhenTheCallTableSizeDiffers() {
        assertThrows(IllegalArgumentException.class, () -> processor.onSettingsChanged(
            new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 2048, 185_000, 4 * 3_600_000L, 32_000)));
    }
}
