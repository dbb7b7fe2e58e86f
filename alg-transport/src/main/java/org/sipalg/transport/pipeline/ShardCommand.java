package org.sipalg.transport.pipeline;

import org.sipalg.core.proxy.Outbound;
import org.sipalg.core.proxy.SipProcessor;

/**
 * Work that another thread (management, shutdown) wants done on a shard's own thread, so shard
 * state keeps a single writer: it travels through the ring like a datagram (Aeron's proxy/command
 * pattern). Whatever it sends through {@code out} goes to the faces like the shard's own output.
 */
@FunctionalInterface
public interface ShardCommand {
    void run(int shard, SipProcessor processor, Outbound out);
}
