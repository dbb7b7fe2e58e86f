package org.sipalg.transport.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.sipalg.core.proxy.Outbound;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.transport.AlgServer;

/**
 * Management reads and changes of shard state, run on each shard's own thread through the ring
 * ({@link AlgServer#submit}) so the shard stays the single writer of its calls, ports and flags.
 * The calling (management or shutdown) thread waits for every shard's answer. Never called on a stage thread.
 */
public final class ShardCalls {
    /** A shard that does not answer this fast is stuck: report it rather than hang a JMX client. */
    public static final long ANSWER_TIMEOUT_MS = 5_000;

    /** Work for one shard's thread; its result goes back to the waiting management thread. */
    @FunctionalInterface
    public interface ShardQuery<T> {
        T run(int shard, SipProcessor processor, Outbound out);
    }

    private ShardCalls() {
    }

    /** {@code query}'s result on every shard, in shard order. */
    public static <T> List<T> onEveryShard(AlgServer server, ShardQuery<T> query) {
        List<CompletableFuture<T>> answers = new ArrayList<>();
        for (int k = 0; k < server.shardCount(); k++) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            answers.add(answer);
            server.submit((shard, processor, out) -> {
                try {
                    answer.complete(query.run(shard, processor, out));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }, k);
        }
        List<T> results = new ArrayList<>(answers.size());
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_TIMEOUT_MS);
        for (int k = 0; k < answers.size(); k++) {
            try {
                results.add(answers.get(k).get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new IllegalStateException("shard " + k + " did not answer within " + ANSWER_TIMEOUT_MS + " ms");
            } catch (ExecutionException e) {
                throw new IllegalStateException("shard " + k + ": " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for shard " + k);
            }
        }
        return results;
    }
}
