package org.sipalg.core.registration;

/**
 * Every shard's {@link BindingTable}, so that an INVITE to a registered user finds the binding
 * whichever shard its Call-ID lands on: the token names the owning shard, and the read is
 * lock-free (each table has one writer, its shard). Built once at start, never changed.
 */
public final class BindingDirectory {
    private final BindingTable[] tables;

    public BindingDirectory(int shards, int capacityPerShard) {
        tables = new BindingTable[shards];
        for (int shard = 0; shard < shards; shard++) {
            tables[shard] = new BindingTable(shard, capacityPerShard);
        }
    }

    public BindingTable table(int shard) {
        return tables[shard];
    }

    /** Any shard: the registered binding a token names, copied into {@code view}; false if there is none. */
    public boolean read(long token, BindingView view) {
        int shard = BindingTable.tokenShard(token);
        return token >= 0 && shard < tables.length && tables[shard].read(token, view);
    }

    public int size() {
        int size = 0;
        for (BindingTable table : tables) {
            size += table.size();
        }
        return size;
    }
}
