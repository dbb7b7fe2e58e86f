package org.sipalg.core.testing;

import java.util.ArrayList;
import java.util.List;

import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.media.MediaControl;
import org.sipalg.core.media.MediaKeys;

/** Records what the processor asks of the relay, as readable lines. Test code only. */
public final class RecordingMediaControl implements MediaControl {
    private final List<String> log = new ArrayList<>();
    private boolean failOpens;

    public RecordingMediaControl failOpens(boolean fail) {
        failOpens = fail;
        return this;
    }

    @Override
    public boolean open(long streamKey, int callerRealm, int callerPort, int calleeRealm, int calleePort) {
        log.add("open " + MediaKeys.stream(streamKey) + " " + callerRealm + ":" + callerPort + " " + calleeRealm + ":" + calleePort
            + (failOpens ? " failed" : ""));
        return !failOpens;
    }

    @Override
    public void target(long streamKey, int side, int ipv4, int port) {
        log.add("target " + MediaKeys.stream(streamKey) + " side " + side + " " + Ascii.ipv4ToString(ipv4) + ":" + port);
    }

    @Override
    public void commit(long streamKey) {
        log.add("commit " + MediaKeys.stream(streamKey));
    }

    @Override
    public void close(long streamKey) {
        log.add("close " + MediaKeys.stream(streamKey));
    }

    /** The lines since the last call, and forgets them. */
    public List<String> take() {
        List<String> taken = new ArrayList<>(log);
        log.clear();
        return taken;
    }
}
