package org.sipalg.core.timer;

import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

/**
 * Every timer of one shard (call lifetimes, transaction retransmissions and timeouts, binding
 * expiry, keep-alives) on one Agrona {@link DeadlineTimerWheel} over the monotonic millisecond
 * clock, as the Aeron media driver keeps its timers: no thread or object per timer. Each timer
 * names an owner (a kind and a pool index), so an expiry goes to the record that set it.
 * Not thread-safe: owned by one shard thread; allocates nothing once the wheel has grown.
 */
public final class ShardTimers {
    /** No timer. */
    public static final long NONE = DeadlineTimerWheel.NULL_DEADLINE;

    /** What an expiry calls: the owner's kind and index, and the timer's id. */
    @FunctionalInterface
    public interface Handler {
        void onTimer(int kind, int index, long timerId);
    }

    /** Bounds the timer work of one duty cycle so that a mass expiry cannot stall traffic. */
    private static final int MAX_EXPIRIES_PER_TICK = 4096;
    private static final int MAX_POLLS_PER_TICK = 65_536;
    private static final int TICK_MS = 16;
    private static final int TICKS_PER_WHEEL = 1024;

    private final DeadlineTimerWheel wheel;
    private final Long2LongHashMap owners;
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;
    private Handler handler;

    /**
     * @param startMs       the monotonic clock now
     * @param expectedTimers how many timers may run at once (sizes the owner map once)
     * @param timersPerTick slots per wheel tick before the wheel grows
     */
    public ShardTimers(long startMs, int expectedTimers, int timersPerTick) {
        wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, startMs, TICK_MS, TICKS_PER_WHEEL, timersPerTick);
        owners = new Long2LongHashMap(Math.max(64, expectedTimers * 2), 0.65f, -1);
    }

    /** A timer for owner (kind, index) at {@code deadlineMs}; returns its id. */
    public long schedule(int kind, int index, long deadlineMs) {
        long id = wheel.scheduleTimer(deadlineMs);
        owners.put(id, (long) kind << 32 | index);
        return id;
    }

    /** Cancels the timer if it is still running; {@link #NONE} is ignored. Returns {@link #NONE}. */
    public long cancel(long timerId) {
        if (timerId != NONE) {
            wheel.cancelTimer(timerId);
            owners.remove(timerId);
        }
        return NONE;
    }

    public int size() {
        return owners.size();
    }

    /**
     * Runs the timers due by {@code nowMs}. The wheel moves one tick per poll: catch up after a
     * busy or idle stretch, in bounded steps so that a long stall cannot turn into a long pause.
     */
    public int poll(long nowMs, Handler handler) {
        this.handler = handler;
        int expired = 0;
        int polls = 0;
        do {
            expired += wheel.poll(nowMs, onExpiry, MAX_EXPIRIES_PER_TICK - expired);
        } while (wheel.currentTickTime() <= nowMs && expired < MAX_EXPIRIES_PER_TICK && ++polls < MAX_POLLS_PER_TICK);
        return expired;
    }

    private boolean onExpiry(TimeUnit unit, long now, long timerId) {
        long owner = owners.remove(timerId);
        if (owner >= 0) {
            handler.onTimer((int) (owner >>> 32), (int) owner, timerId);
        }
        return true;
    }
}
