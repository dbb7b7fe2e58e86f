package org.sipalg.core.registration;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.sipalg.core.pool.IndexPool;

/**
 * The bindings one shard owns: a pool of {@link Binding}s created on first need and reused, by key
 * (address of record, real Contact and realm: a refresh finds its binding and keeps its token, so
 * the registrar sees a refresh, not a new contact). Written by the owning shard only; other
 * shards read a binding by its token through {@link #read}.
 */
public final class BindingTable {
    /** Token layout: shard (6 bits), generation (16 bits), index (24 bits): 12 hex digits at most. */
    private static final int INDEX_BITS = 24;
    private static final int GENERATION_BITS = 16;
    public static final int MAX_CAPACITY = 1 << INDEX_BITS;
    public static final int MAX_SHARDS = 64;

    private final int shard;
    private final Binding[] bindings;
    private final IndexPool free;
    private final Long2LongHashMap byKey;

    public BindingTable(int shard, int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY || shard < 0 || shard >= MAX_SHARDS) {
            throw new IllegalArgumentException("shard " + shard + ", capacity " + capacity);
        }
        this.shard = shard;
        bindings = new Binding[capacity];
        free = new IndexPool(capacity);
        byKey = new Long2LongHashMap(Math.max(64, capacity * 2), 0.6f, -1);
    }

    public int shard() {
        return shard;
    }

    public int capacity() {
        return bindings.length;
    }

    public int size() {
        return free.inUse();
    }

    public Binding find(long key) {
        long index = byKey.get(key);
        return index < 0 ? null : bindings[(int) index];
    }

    /** A new pending binding under {@code key} (inside a write), or null when the table is full. */
    public Binding create(long key) {
        int index = free.take();
        if (index < 0) {
            return null;
        }
        Binding binding = bindings[index];
        if (binding == null) {
            binding = new Binding(index);
            bindings[index] = binding;
        }
        binding.beginWrite();
        binding.generation = (binding.generation + 1) & ((1 << GENERATION_BITS) - 1);
        binding.inUse = true;
        binding.key = key;
        binding.state(Binding.PENDING, 0);
        binding.endWrite();
        byKey.put(key, index);
        return binding;
    }

    /** Owner thread: sets a new binding's user, contact and where it registered from, inside one write. */
    public void update(Binding binding, int realm, int sourceIp, int sourcePort, int registrarRealm, DirectBuffer aor,
                       int aorOffset, int aorLength, DirectBuffer contact, int contactOffset, int contactLength) {
        binding.beginWrite();
        binding.set(aor, aorOffset, aorLength, contact, contactOffset, contactLength);
        binding.source(realm, sourceIp, sourcePort, registrarRealm);
        binding.endWrite();
    }

    /** Owner thread: the registrar accepted a REGISTER from here: the binding is reached there now. */
    public void source(Binding binding, int realm, int sourceIp, int sourcePort, int registrarRealm) {
        binding.beginWrite();
        binding.source(realm, sourceIp, sourcePort, registrarRealm);
        binding.endWrite();
    }

    /** Owner thread: the registrar accepted the binding until {@code expiresAtMs}. */
    public void registered(Binding binding, long expiresAtMs) {
        binding.beginWrite();
        binding.state(Binding.REGISTERED, expiresAtMs);
        binding.endWrite();
    }

    public void remove(Binding binding) {
        if (!binding.inUse) {
            return;
        }
        byKey.remove(binding.key);
        binding.beginWrite();
        binding.inUse = false;
        binding.state(0, 0);
        binding.endWrite();
        free.give(binding.index);
    }

    /** The token the ALG writes into the Contact the registrar sees. */
    public long token(Binding binding) {
        return ((long) shard << (GENERATION_BITS + INDEX_BITS)) | ((long) binding.generation << INDEX_BITS) | binding.index;
    }

    public static int tokenShard(long token) {
        return (int) (token >>> (GENERATION_BITS + INDEX_BITS));
    }

    /** Owner thread: the binding a token of this table names, whatever its state, or null. */
    public Binding byToken(long token) {
        int index = (int) (token & (MAX_CAPACITY - 1));
        Binding binding = index < bindings.length ? bindings[index] : null;
        return binding != null && binding.inUse && binding.generation == tokenGeneration(token) ? binding : null;
    }

    /** Any thread: copies the registered binding a token names into {@code view}; false if there is none. */
    public boolean read(long token, BindingView view) {
        int index = (int) (token & (MAX_CAPACITY - 1));
        Binding binding = index < bindings.length ? bindings[index] : null;
        return binding != null && binding.readInto(tokenGeneration(token), view);
    }

    public Binding byIndex(int index) {
        Binding binding = index >= 0 && index < bindings.length ? bindings[index] : null;
        return binding != null && binding.inUse ? binding : null;
    }

    private static int tokenGeneration(long token) {
        return (int) (token >>> INDEX_BITS) & ((1 << GENERATION_BITS) - 1);
    }
}
