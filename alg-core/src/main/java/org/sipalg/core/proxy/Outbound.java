package org.sipalg.core.proxy;

import org.agrona.MutableDirectBuffer;

/**
 * Where the processor writes what it sends. The transport backs it with pooled socket buffers;
 * tests with byte arrays. A claim is always followed by exactly one {@link #send} or {@link #abort}.
 */
public interface Outbound {
    /** A buffer of at least {@code maxLength} bytes to write one datagram into, at offset 0. */
    MutableDirectBuffer claim(int maxLength);

    /** Sends the claimed datagram of {@code length} bytes from the face of {@code realm}. */
    void send(int length, int realm, int ipv4, int port);

    /** Gives the claimed buffer back unsent. */
    void abort();
}
