package org.sipalg.core.proxy;

/**
 * What the benchmarks need of {@link SipProcessor} that no user does: lives in its package (on the
 * class path it may) so that the processor's API stays the operator's.
 */
public final class BenchHooks {
    private BenchHooks() {
    }

    /** Drops the transaction the last forwarded request opened, so that the same request forwards again. */
    public static void forgetLastTransaction(SipProcessor processor) {
        processor.forgetLastTransaction();
    }
}
