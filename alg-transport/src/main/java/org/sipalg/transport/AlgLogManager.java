package org.sipalg.transport;

import java.util.logging.LogManager;

/**
 * JUL's own shutdown hook resets logging while ours is still closing the ALG, so the last lines
 * ("stopping…", "stopped") would be lost. This manager ignores that reset; {@link #resetFinally()}
 * does it once the ALG has stopped. Selected in {@link AlgMain} before logging starts.
 */
public final class AlgLogManager extends LogManager {
    @Override
    public void reset() {
        // deferred to resetFinally()
    }

    void resetFinally() {
        super.reset();
    }

    static void resetIfOurs() {
        if (LogManager.getLogManager() instanceof AlgLogManager manager) {
            manager.resetFinally();
        }
    }
}
