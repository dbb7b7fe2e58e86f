package org.sipalg.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH settings of CONVENTIONS.md "Benchmarks" (one fork, 3x1 s warm-up, 5x1 s measurement,
 * ns/op), shared by the ALG's benchmarks and the peer's so that they run alike (JMH annotations
 * are inherited). The forks run with {@code -Dagrona.disable.bounds.checks=true}, as production
 * does (scripts/alg): the fuzz test (ParseAndRewriteFuzzTest) runs with the checks on and finds
 * no read outside a datagram.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
abstract class ReferenceBenchmark {
}
