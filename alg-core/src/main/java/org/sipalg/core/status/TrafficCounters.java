package org.sipalg.core.status;

import java.util.concurrent.atomic.AtomicLongArray;

import org.sipalg.core.sip.SipMethod;

/**
 * Messages per realm and direction, requests by method and responses by class (1xx..6xx), for
 * the operator's per-realm view. Same contract as {@link Counters}: one writer (the shard that
 * owns it) with plain-read/release-write increments, any number of readers; nothing allocates.
 *
 * <p>Layout of one realm's block, {@link #BLOCK} longs:
 * <pre>
 *   [REQUESTS_IN  x METHODS][REQUESTS_OUT x METHODS]
 *   [RESPONSES_IN x CLASSES][RESPONSES_OUT x CLASSES][LOCAL_RESPONSES x CLASSES]
 * </pre>
 */
public final class TrafficCounters {
    /** Requests received on a realm's face. */
    public static final int REQUESTS_IN = 0;
    /** Requests the ALG sent out of a realm's face. */
    public static final int REQUESTS_OUT = 1;
    /** Responses received on a realm's face. */
    public static final int RESPONSES_IN = 2;
    /** Responses sent out of a realm's face: forwarded ones and the ALG's own. */
    public static final int RESPONSES_OUT = 3;
    /** The ALG's own responses (100 Trying, 4xx, 5xx...), also counted in {@link #RESPONSES_OUT}. */
    public static final int LOCAL_RESPONSES = 4;

    /** Method codes of {@link SipMethod}, {@code OTHER} included. */
    public static final int METHODS = SipMethod.MESSAGE + 1;
    /** Status classes 1xx..6xx; a code outside 100..699 counts in the nearest class. */
    public static final int CLASSES = 6;
    private static final int RESPONSE_BASE = 2 * METHODS;
    private static final int BLOCK = RESPONSE_BASE + 3 * CLASSES;

    private final int realms;
    private final AtomicLongArray values;

    public TrafficCounters(int realms) {
        this.realms = realms;
        this.values = new AtomicLongArray(realms * BLOCK);
    }

    public int realms() {
        return realms;
    }

    /** Writer thread only. {@code kind} is {@link #REQUESTS_IN} or {@link #REQUESTS_OUT}. */
    public void request(int kind, int realm, int method) {
        bump(realm * BLOCK + kind * METHODS + methodIndex(method));
    }

    /** Writer thread only. {@code kind} is {@link #RESPONSES_IN}, {@link #RESPONSES_OUT} or {@link #LOCAL_RESPONSES}. */
    public void response(int kind, int realm, int status) {
        bump(responseSlot(kind, realm, classIndex(status)));
    }

    /** Requests of one kind, realm and method code. */
    public long requests(int kind, int realm, int method) {
        return values.getAcquire(realm * BLOCK + kind * METHODS + methodIndex(method));
    }

    /** Responses of one kind, realm and status class ({@code 1} for 1xx ... {@code 6} for 6xx). */
    public long responses(int kind, int realm, int statusClass) {
        return values.getAcquire(responseSlot(kind, realm, Math.max(1, Math.min(CLASSES, statusClass)) - 1));
    }

    /** Writer thread only (reach it through the owner's command queue). */
    public void reset() {
        for (int i = 0; i < values.length(); i++) {
            values.setRelease(i, 0);
        }
    }

    private void bump(int i) {
        values.setRelease(i, values.getPlain(i) + 1);
    }

    private static int responseSlot(int kind, int realm, int classIndex) {
        return realm * BLOCK + RESPONSE_BASE + (kind - RESPONSES_IN) * CLASSES + classIndex;
    }

    private static int methodIndex(int method) {
        return method >= 0 && method < METHODS ? method : SipMethod.OTHER;
    }

    private static int classIndex(int status) {
        return Math.max(0, Math.min(CLASSES - 1, status / 100 - 1));
    }
}
