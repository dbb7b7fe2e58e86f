package org.sipalg.transport.config;

import java.util.Objects;

/**
 * Sizes and threads of the processing pipeline.
 *
 * @param ringSize     slots per ring buffer, a power of two 64..1048576
 * @param shards       number of call-processing shards, 1..64
 * @param waitStrategy {@code blocking}, {@code sleeping}, {@code yielding} or {@code busy-spin}
 * @param ioThreads    number of network I/O threads, 1..64
 */
public record PipelineConfig(int ringSize, int shards, String waitStrategy, int ioThreads) {

    /** The values used for keys missing from the file. */
    public static final PipelineConfig DEFAULT = new PipelineConfig(4096, 1, "blocking", 1);

    public PipelineConfig {
        Objects.requireNonNull(waitStrategy, "waitStrategy");
    }
}
