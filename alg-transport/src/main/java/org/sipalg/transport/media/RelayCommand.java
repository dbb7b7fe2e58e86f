package org.sipalg.transport.media;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** A shard's request to the relay thread (one per call event, never per packet). */
final class RelayCommand {
    static final int OPEN = 1;
    static final int TARGET = 2;
    static final int COMMIT = 3;
    static final int CLOSE = 4;

    final int type;
    final long key;
    int side;
    InetSocketAddress target;
    int callerRealm;
    int calleeRealm;
    DatagramChannel[][] channels;

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

    /** A command that will never run must still give back its sockets. */
    void discard() {
        if (channels != null) {
            for (DatagramChannel[] side : channels) {
                for (DatagramChannel channel : side) {
                    MediaSockets.closeQuietly(channel);
                }
            }
        }
    }
}
