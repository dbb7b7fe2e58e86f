package org.sipalg.core.call;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.sdp.SdpView;

/**
 * The state of one call (or other Call-ID-keyed exchange that carried a Contact) as the ALG needs
 * it: who is on each side, their real Contacts (which the ALG's tokens map back to) and the relay
 * ports of each media stream. Objects are pooled by {@link CallTable} and reused; fields are
 * copied, never referencing a received buffer. Owned by one shard thread.
 */
public final class Call {
    public static final int CALLER = 0;
    public static final int CALLEE = 1;

    public static final int SETUP = 1;
    public static final int EARLY = 2;
    public static final int CONFIRMED = 3;
    /** Ended (BYE, error, timeout): media released, kept only so stray retransmissions still route. */
    public static final int LINGERING = 4;

    public static final int MAX_CALL_ID_LENGTH = 256;
    public static final int MAX_TAG_LENGTH = 128;
    public static final int MAX_URI_LENGTH = 512;

    final int index;
    int generation;
    boolean inUse;
    int state;
    long hash;
    long timerId = Long.MAX_VALUE;
    long startedMs;
    /** When the call ended (BYE, error, timeout), or -1 while it is live. */
    private long endedMs = -1;
    boolean invite;

    private final UnsafeBuffer callId = new UnsafeBuffer(new byte[MAX_CALL_ID_LENGTH]);
    private int callIdLength;
    private final UnsafeBuffer callerTag = new UnsafeBuffer(new byte[MAX_TAG_LENGTH]);
    private int callerTagLength;
    private final int[] realm = new int[2];
    private final UnsafeBuffer[] contact = {new UnsafeBuffer(new byte[MAX_URI_LENGTH]), new UnsafeBuffer(new byte[MAX_URI_LENGTH])};
    private final int[] contactLength = new int[2];
    /** Each side's own From/To value (name-addr with its tag): what a BYE of the ALG's own names. */
    private final UnsafeBuffer[] party = {new UnsafeBuffer(new byte[MAX_URI_LENGTH]), new UnsafeBuffer(new byte[MAX_URI_LENGTH])};
    private final int[] partyLength = new int[2];
    /**
     * The route set of the ALG's own requests to each side (RFC 3261 §12.1): the Route header
     * value (name-addrs, comma separated) for the proxies between the ALG and that side.
     */
    private final UnsafeBuffer[] routeSet = {new UnsafeBuffer(new byte[MAX_URI_LENGTH]), new UnsafeBuffer(new byte[MAX_URI_LENGTH])};
    private final int[] routeSetLength = new int[2];
    /**
     * Where a side is really reached when it talks to the ALG directly (RFC 3581 received/rport:
     * the NAT's face), which beats its Contact's address; 0 = send to the Contact.
     */
    private final int[] reachIp = new int[2];
    private final int[] reachPort = new int[2];
    /** The highest CSeq each side has sent in this dialog. */
    private final long[] cseq = new long[2];
    /** relayPort[side][stream]: the ALG port, in that side's realm, that the side sends to. 0 = none. */
    private final int[][] relayPort = new int[2][SdpView.MAX_STREAMS];
    /** Each side's own media endpoint from its SDP: where the relay (a later stage) sends to. */
    private final long[][] mediaAddress = new long[2][SdpView.MAX_STREAMS];
    private final int[][] mediaPort = new int[2][SdpView.MAX_STREAMS];
    private int streamCount;

    Call(int index) {
        this.index = index;
    }

    void init(DirectBuffer buffer, int callIdOffset, int callIdLength, long hash) {
        this.callId.putBytes(0, buffer, callIdOffset, callIdLength);
        this.callIdLength = callIdLength;
        this.hash = hash;
        this.inUse = true;
        this.state = SETUP;
        this.callerTagLength = 0;
        this.contactLength[0] = 0;
        this.contactLength[1] = 0;
        this.partyLength[0] = 0;
        this.partyLength[1] = 0;
        this.routeSetLength[0] = 0;
        this.routeSetLength[1] = 0;
        this.reachPort[0] = 0;
        this.reachPort[1] = 0;
        this.cseq[0] = 0;
        this.cseq[1] = 0;
        this.streamCount = 0;
        this.invite = false;
        this.timerId = Long.MAX_VALUE;
        this.endedMs = -1;
        for (int side = 0; side < 2; side++) {
            java.util.Arrays.fill(relayPort[side], 0);
            java.util.Arrays.fill(mediaPort[side], 0);
        }
    }

    boolean callIdEquals(DirectBuffer buffer, int offset, int length) {
        return org.sipalg.core.bytes.Ascii.equals(callId, 0, callIdLength, buffer, offset, length);
    }

    public int index() {
        return index;
    }

    public int generation() {
        return generation;
    }

    public int state() {
        return state;
    }

    public void state(int state) {
        this.state = state;
    }

    public boolean isInvite() {
        return invite;
    }

    public void markInvite() {
        this.invite = true;
    }

    public long startedMs() {
        return startedMs;
    }

    /** Live: time since it started; ended: how long it lasted. */
    public long durationMs(long nowMs) {
        return (endedMs >= 0 ? endedMs : nowMs) - startedMs;
    }

    public void ended(long nowMs) {
        endedMs = nowMs;
    }

    /** A new INVITE attempt on an ended call's Call-ID (e.g. the retry after a 407). */
    public void restart(long nowMs) {
        state = SETUP;
        startedMs = nowMs;
        endedMs = -1;
    }

    public long timerId() {
        return timerId;
    }

    public void timerId(long timerId) {
        this.timerId = timerId;
    }

    public DirectBuffer callId() {
        return callId;
    }

    public int callIdLength() {
        return callIdLength;
    }

    public int realm(int side) {
        return realm[side];
    }

    public void realms(int callerRealm, int calleeRealm) {
        realm[CALLER] = callerRealm;
        realm[CALLEE] = calleeRealm;
    }

    public void callerTag(DirectBuffer buffer, int offset, int length) {
        int n = Math.min(length, MAX_TAG_LENGTH);
        callerTag.putBytes(0, buffer, offset, n);
        callerTagLength = n;
    }

    /** The side that sent a request whose From tag is given (the caller keeps its From tag). */
    public int requestSide(DirectBuffer buffer, int tagOffset, int tagLength) {
        return org.sipalg.core.bytes.Ascii.equals(callerTag, 0, callerTagLength, buffer, tagOffset, tagLength) ? CALLER : CALLEE;
    }

    /** Stores a side's real Contact URI; returns false when it is too long to keep. */
    public boolean contact(int side, DirectBuffer buffer, int offset, int length) {
        return keep(contact, contactLength, side, buffer, offset, length);
    }

    public DirectBuffer contact(int side) {
        return contact[side];
    }

    public int contactLength(int side) {
        return contactLength[side];
    }

    /** Keeps a side's From/To value (name-addr and tag); false when it is too long to keep. */
    public boolean party(int side, DirectBuffer buffer, int offset, int length) {
        return keep(party, partyLength, side, buffer, offset, length);
    }

    /** Copies a side's value into its fixed slot; false (slot unchanged) when it does not fit. */
    private static boolean keep(UnsafeBuffer[] slots, int[] lengths, int side, DirectBuffer buffer, int offset, int length) {
        if (length > MAX_URI_LENGTH) {
            return false;
        }
        slots[side].putBytes(0, buffer, offset, length);
        lengths[side] = length;
        return true;
    }

    public void reach(int side, int ip, int port) {
        reachIp[side] = ip;
        reachPort[side] = port;
    }

    public int reachIp(int side) {
        return reachIp[side];
    }

    /** The port the side is reached at directly, or 0 when it is reached through its Contact. */
    public int reachPort(int side) {
        return reachPort[side];
    }

    /** Starts the route set towards {@code side} empty; {@link #appendRoute} fills it. */
    public void clearRouteSet(int side) {
        routeSetLength[side] = 0;
    }

    /** Adds a name-addr to the route set towards {@code side}; false (unchanged) when it does not fit. */
    public boolean appendRoute(int side, DirectBuffer buffer, int offset, int length) {
        int at = routeSetLength[side];
        int separator = at == 0 ? 0 : 2;
        if (at + separator + length > MAX_URI_LENGTH) {
            return false;
        }
        if (separator > 0) {
            routeSet[side].putByte(at, (byte) ',');
            routeSet[side].putByte(at + 1, (byte) ' ');
        }
        routeSet[side].putBytes(at + separator, buffer, offset, length);
        routeSetLength[side] = at + separator + length;
        return true;
    }

    public DirectBuffer routeSet(int side) {
        return routeSet[side];
    }

    public int routeSetLength(int side) {
        return routeSetLength[side];
    }

    public DirectBuffer party(int side) {
        return party[side];
    }

    public int partyLength(int side) {
        return partyLength[side];
    }

    public void cseq(int side, long number) {
        if (number > cseq[side]) {
            cseq[side] = number;
        }
    }

    public long cseq(int side) {
        return cseq[side];
    }

    /** The next CSeq for a request the ALG sends on behalf of {@code side}. */
    public long nextCseq(int side) {
        return ++cseq[side];
    }

    public int streamCount() {
        return streamCount;
    }

    public void streamCount(int streamCount) {
        this.streamCount = streamCount;
    }

    public int[] relayPorts(int side) {
        return relayPort[side];
    }

    public void media(int side, int stream, long address, int port) {
        mediaAddress[side][stream] = address;
        mediaPort[side][stream] = port;
    }

    public long mediaAddress(int side, int stream) {
        return mediaAddress[side][stream];
    }

    public int mediaPort(int side, int stream) {
        return mediaPort[side][stream];
    }

    /** The token that the ALG writes into a Contact it rewrote for {@code side}. */
    public long token(int side) {
        return (((long) generation << 24 | index) << 1) | side;
    }

    public static int tokenIndex(long token) {
        return (int) ((token >>> 1) & 0xFFFFFF);
    }

    public static int tokenGeneration(long token) {
        return (int) (token >>> 25);
    }

    public static int tokenSide(long token) {
        return (int) (token & 1);
    }
}
