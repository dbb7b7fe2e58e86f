package org.sipalg.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sipalg.core.bytes.Ascii;

/**
 * What reading F1 costs before any SIP work, on the machine at hand: the floor under the parser's
 * numbers. Finding every line end eight bytes a step is what the parser's line split costs alone;
 * one table look-up and branch per byte is what any parser that looks at each byte once pays at
 * least. The byte[] variant shows whether Agrona's buffer access adds to it.
 */
@State(Scope.Thread)
public class ByteScanFloorBenchmark extends ReferenceBenchmark {
    private byte[] bytes;
    private UnsafeBuffer f1;
    private int length;

    @Setup
    public void setUp() {
        bytes = BenchMessages.f1();
        f1 = new UnsafeBuffer(bytes);
        length = bytes.length;
    }

    @Benchmark
    public int lineEndsF1() {
        int lines = 0;
        for (int lf = Ascii.indexOf(f1, 0, length, Ascii.LF); lf >= 0; lf = Ascii.indexOf(f1, lf + 1, length, Ascii.LF)) {
            lines++;
        }
        return lines;
    }

    @Benchmark
    public int tokenTablePerByteF1() {
        int tokens = 0;
        for (int i = 0; i < length; i++) {
            if (Ascii.isToken(f1.getByte(i))) {
                tokens++;
            }
        }
        return tokens;
    }

    @Benchmark
    public int tokenTablePerByteF1Array() {
        int tokens = 0;
        for (byte b : bytes) {
            if (Ascii.isToken(b)) {
                tokens++;
            }
        }
        return tokens;
    }
}
