package org.sipalg.core.registration;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.timer.ShardTimers;

/**
 * One registered contact as the ALG keeps it (RFC 3261 §10 through an ALG, RFC 3581): the
 * address of record, the user's real Contact, where the REGISTER really came from (the NAT's
 * face: the binding is reached there), and until when the registrar holds it. The registrar sees
 * only the ALG's face and this binding's token.
 *
 * <p>Written by the owning shard only. Other shards read it when an INVITE names its token: each
 * write is framed by a version (even: stable), a seqlock as Aeron frames its counters, so a
 * reader copies a consistent record without a lock.
 */
public final class Binding {
    public static final int PENDING = 1;
    public static final int REGISTERED = 2;

    public static final int MAX_AOR_LENGTH = 256;
    public static final int MAX_CONTACT_LENGTH = 512;

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(Binding.class, "version", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    @SuppressWarnings("unused")   // read and written through VERSION
    private int version;
    int generation;
    boolean inUse;
    long key;
    private int state;
    private int realm;
    private int sourceIp;
    private int sourcePort;
    /** The realm of the registrar: where the ALG's masked Contact for this binding is seen. */
    private int registrarRealm;
    private long expiresAtMs;
    private final UnsafeBuffer aor = new UnsafeBuffer(new byte[MAX_AOR_LENGTH]);
    private int aorLength;
    private final UnsafeBuffer contact = new UnsafeBuffer(new byte[MAX_CONTACT_LENGTH]);
    private int contactLength;

    // Owner-thread only: timers.
    private long expiryTimer = ShardTimers.NONE;
    private long keepaliveTimer = ShardTimers.NONE;
    private long keepaliveSequence;

    Binding(int index) {
        this.index = index;
    }

    /** Opens a write: readers on other shards retry until {@link #endWrite()}. */
    void beginWrite() {
        VERSION.setOpaque(this, (int) VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence();
    }

    void endWrite() {
        VERSION.setRelease(this, (int) VERSION.getOpaque(this) + 1);
    }

    /** Owner thread: where the user registered from, and the registrar's realm (inside a write). */
    void source(int realm, int sourceIp, int sourcePort, int registrarRealm) {
        this.realm = realm;
        this.sourceIp = sourceIp;
        this.sourcePort = sourcePort;
        this.registrarRealm = registrarRealm;
    }

    /** Owner thread: who registered which Contact (inside a write). */
    void set(DirectBuffer aorBytes, int aorOffset, int aorLength, DirectBuffer contactBytes, int contactOffset, int contactLength) {
        this.aor.putBytes(0, aorBytes, aorOffset, aorLength);
        this.aorLength = aorLength;
        this.contact.putBytes(0, contactBytes, contactOffset, contactLength);
        this.contactLength = contactLength;
    }

    void state(int state, long expiresAtMs) {
        this.state = state;
        this.expiresAtMs = expiresAtMs;
    }

    /**
     * Any thread: copies the binding into {@code view} if it is the registered binding of that
     * generation. False when it is not (ended, replaced, pending) or was being written each try.
     */
    boolean readInto(int expectedGeneration, BindingView view) {
        for (int attempt = 0; attempt < 16; attempt++) {
            int before = (int) VERSION.getAcquire(this);
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            boolean live = inUse && generation == expectedGeneration && state == REGISTERED;
            int length = Math.min(Math.max(contactLength, 0), MAX_CONTACT_LENGTH);
            view.set(realm, sourceIp, sourcePort, contact, length);
            VarHandle.loadLoadFence();
            if ((int) VERSION.getOpaque(this) == before) {
                return live;
            }
        }
        return false;
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

    public int realm() {
        return realm;
    }

    public int sourceIp() {
        return sourceIp;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int registrarRealm() {
        return registrarRealm;
    }

    public long expiresAtMs() {
        return expiresAtMs;
    }

    public DirectBuffer aor() {
        return aor;
    }

    public int aorLength() {
        return aorLength;
    }

    public DirectBuffer contact() {
        return contact;
    }

    public int contactLength() {
        return contactLength;
    }

    public long expiryTimer() {
        return expiryTimer;
    }

    public void expiryTimer(long timerId) {
        this.expiryTimer = timerId;
    }

    public long keepaliveTimer() {
        return keepaliveTimer;
    }

    public void keepaliveTimer(long timerId) {
        this.keepaliveTimer = timerId;
    }

    /** A new CSeq for the next OPTIONS keep-alive. */
    public long nextKeepaliveSequence() {
        return ++keepaliveSequence;
    }
}
