package org.replication.v3.benchmarks;

import java.util.Arrays;

/** Every sample of one measurement, kept whole so percentiles are exact rather than bucketed. */
final class Latencies {

    private long[] nanos = new long[1 << 12];
    private int size;
    private int failures;

    synchronized void record(long elapsedNanos, boolean ok) {
        if (!ok) {
            failures++;
        }
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    synchronized int count() {
        return size;
    }

    synchronized int failures() {
        return failures;
    }

    /** @param fraction 0.5 for the median, 0.99 for p99 */
    synchronized double percentileMillis(double fraction) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }
}
