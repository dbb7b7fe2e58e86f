package org.sipalg.core.txn;

import org.agrona.collections.Long2LongHashMap;
import org.sipalg.core.pool.IndexPool;

/**
 * The transactions one shard owns, by key (the branch the ALG writes on the forwarded request,
 * salted for CANCEL): a pool of {@link Transaction} objects created on first need and reused,
 * and an open-addressing map from key to pool index, so steady state allocates nothing.
 * Not thread-safe: owned by one shard thread.
 */
public final class TransactionTable {
    private final Transaction[] transactions;
    private final IndexPool free;
    private final Long2LongHashMap byKey;

    public TransactionTable(int capacity) {
        free = new IndexPool(capacity);
        transactions = new Transaction[capacity];
        byKey = new Long2LongHashMap(Math.max(64, capacity * 2), 0.6f, -1);
    }

    public int size() {
        return free.inUse();
    }

    public int capacity() {
        return transactions.length;
    }

    public Transaction find(long key) {
        long index = byKey.get(key);
        return index < 0 ? null : transactions[(int) index];
    }

    /** A new transaction under {@code key}, or null when the table is full or the key is taken. */
    public Transaction create(long key, int method) {
        if (free.isFull() || byKey.containsKey(key)) {
            return null;
        }
        int index = free.take();
        Transaction transaction = transactions[index];
        if (transaction == null) {
            transaction = new Transaction(index);
            transactions[index] = transaction;
        }
        transaction.init(key, method);
        byKey.put(key, index);
        return transaction;
    }

    public Transaction byIndex(int index) {
        Transaction transaction = index >= 0 && index < transactions.length ? transactions[index] : null;
        return transaction != null && transaction.inUse ? transaction : null;
    }

    public void remove(Transaction transaction) {
        if (!transaction.inUse) {
            return;
        }
        byKey.remove(transaction.key);
        transaction.inUse = false;
        free.give(transaction.index);
    }
}
