package org.sipalg.core.pool;

/**
 * The free slots of a fixed-size record pool (calls, transactions, bindings): a stack of indexes,
 * so the slot freed last is taken first and stays warm in cache. Single owner thread; no allocation
 * after construction.
 */
public final class IndexPool {
    private final int[] free;
    private int freeCount;

    public IndexPool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        free = new int[capacity];
        for (int i = capacity - 1; i >= 0; i--) {
            free[freeCount++] = i;
        }
    }

    /** A free index, or -1 when every slot is taken. */
    public int take() {
        return freeCount == 0 ? -1 : free[--freeCount];
    }

    public void give(int index) {
        free[freeCount++] = index;
    }

    public int capacity() {
        return free.length;
    }

    public int inUse() {
        return free.length - freeCount;
    }

    public boolean isFull() {
        return freeCount == 0;
    }
}
