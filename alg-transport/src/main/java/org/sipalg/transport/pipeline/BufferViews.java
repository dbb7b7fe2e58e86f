package org.sipalg.transport.pipeline;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

/** Points an Agrona view at a Netty buffer's readable bytes without copying when it can. */
final class BufferViews {
    private BufferViews() {
    }

    /**
     * Wraps {@code in}'s readable bytes; a direct buffer (what epoll gives) is read in place, a
     * heap-only one is copied into {@code heapCopy}. Returns the length.
     */
    static int wrapReadable(UnsafeBuffer view, ByteBuf in, byte[] heapCopy) {
        int length = in.readableBytes();
        if (in.hasMemoryAddress()) {
            view.wrap(in.memoryAddress() + in.readerIndex(), length);
        } else {
            in.getBytes(in.readerIndex(), heapCopy, 0, length);
            view.wrap(heapCopy, 0, length);
        }
        return length;
    }
}
