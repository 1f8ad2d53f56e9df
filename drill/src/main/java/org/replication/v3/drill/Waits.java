package org.replication.v3.drill;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: the drill's only way of waiting for the suite. */
final class Waits {

    private Waits() {
    }

    static void until(String what, Duration timeout, Duration poll, BooleanSupplier condition) {
        if (!within(timeout, poll, condition)) {
            throw new DrillException("timed out after " + timeout.toSeconds() + " s waiting until " + what);
        }
    }

    /** Whether the condition held before the timeout. */
    static boolean within(Duration timeout, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(poll);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrillException("interrupted");
        }
    }
}
