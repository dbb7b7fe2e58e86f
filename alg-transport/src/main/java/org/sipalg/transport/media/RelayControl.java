package org.sipalg.transport.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;

import org.sipalg.core.media.MediaControl;
import org.sipalg.core.route.RealmTable;
import org.sipalg.transport.config.Cidr;

/**
 * A shard's side of the relay: binds a stream's sockets on the shard thread (so that a taken port
 * is known at once and the shard can pick another pair), then hands everything else to the relay
 * thread as commands.
 */
public final class RelayControl implements MediaControl {
    private final MediaRelay relay;
    private final InetAddress[] mediaAddress;

    public RelayControl(MediaRelay relay) {
        this.relay = relay;
        RealmTable realms = relay.realms();
        this.mediaAddress = new InetAddress[realms.size()];
        for (int r = 0; r < realms.size(); r++) {
            try {
                mediaAddress[r] = InetAddress.getByName(Cidr.intToIpv4(realms.get(r).mediaAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("media address of realm " + realms.get(r).name(), e);
            }
        }
    }

    @Override
    public boolean open(long streamKey, int callerRealm, int callerPort, int calleeRealm, int calleePort) {
        DatagramChannel[] caller = MediaSockets.bindPair(mediaAddress[callerRealm], callerPort);
        if (caller == null) {
            return false;
        }
        DatagramChannel[] callee = MediaSockets.bindPair(mediaAddress[calleeRealm], calleePort);
        if (callee == null) {
            MediaSockets.closeQuietly(caller[0]);
            MediaSockets.closeQuietly(caller[1]);
            return false;
        }
        relay.submit(RelayCommand.open(streamKey, callerRealm, calleeRealm, new DatagramChannel[][] {caller, callee}));
        return true;
    }

    @Override
    public void target(long streamKey, int side, int ipv4, int port) {
        InetSocketAddress target = port == 0 ? null : new InetSocketAddress(Cidr.intToIpv4(ipv4), port);
        relay.submit(RelayCommand.target(streamKey, side, target));
    }

    @Override
    public void commit(long streamKey) {
        relay.submit(RelayCommand.commit(streamKey));
    }

    @Override
    public void close(long streamKey) {
        relay.submit(RelayCommand.close(streamKey));
    }
}
