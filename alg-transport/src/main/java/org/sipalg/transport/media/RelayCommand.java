package org.sipalg.transport.media;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** A shard's request to the relay thread (one per call event, never per packet). */
final class RelayCommand {
    static final int OPEN = 1;
    static final int TARGET = 2;
    static final int COMMIT = 3;
    static final int CLOSE = 4;
    /** Management: packets per call, answered on the relay thread. */
    static final int SNAPSHOT = 5;
    /** Management: zero the relay's counters (it is their only writer). */
    static final int RESET = 6;

    final int type;
    final long key;
    int side;
    InetSocketAddress target;
    int callerRealm;
    int calleeRealm;
    DatagramChannel[][] channels;
    java.util.concurrent.CompletableFuture<java.util.Map<Long, Long>> answer;

    private RelayCommand(int type, long key) {
        this.type = type;
        this.key = key;
    }

    static RelayCommand open(long key, int callerRealm, int calleeRealm, DatagramChannel[][] channels) {
        RelayCommand command = new RelayCommand(OPEN, key);
        command.callerRealm = callerRealm;
        command.calleeRealm = calleeRealm;
        command.channels = channels;
        return command;
    }

    static RelayCommand target(long key, int side, InetSocketAddress target) {
        RelayCommand command = new RelayCommand(TARGET, key);
        command.side = side;
        command.target = target;
        return command;
    }

    static RelayCommand commit(long key) {
        return new RelayCommand(COMMIT, key);
    }

    static RelayCommand close(long key) {
        return new RelayCommand(CLOSE, key);
    }

    static RelayCommand snapshot(java.util.concurrent.CompletableFuture<java.util.Map<Long, Long>> answer) {
        RelayCommand command = new RelayCommand(SNAPSHOT, 0);
        command.answer = answer;
        return command;
    }

    static RelayCommand reset() {
        return new RelayCommand(RESET, 0);
    }

    /** A command that will never run must still give back its sockets. */
    void discard() {
        if (answer != null) {
            answer.completeExceptionally(new IllegalStateException("media relay stopped"));
        }
        if (channels != null) {
            for (DatagramChannel[] side : channels) {
                for (DatagramChannel channel : side) {
                    MediaSockets.closeQuietly(channel);
                }
            }
        }
    }
}
