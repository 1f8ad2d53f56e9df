package org.replication.v3.scheduler.capability;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;

/**
 * What the scheduler believes about one backend: its last report, when it arrived, and the capacity
 * this scheduler has handed out since (Cinder's consume_from_volume), so that a burst of requests between
 * two reports does not pile onto one pool.
 */
public final class BackendState {

    private final BackendCapabilities report;
    private final Instant receivedAt;
    private final Map<String, Double> consumedGb = new HashMap<>();

    public BackendState(BackendCapabilities report, Instant receivedAt) {
        this.report = report;
        this.receivedAt = receivedAt;
    }

    public BackendCapabilities report() {
        return report;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public synchronized double freeCapacityGb(PoolCapabilities pool) {
        double reserved = pool.totalCapacityGb() * pool.reservedPercentage() / 100.0;
        return pool.freeCapacityGb() - reserved - consumedGb.getOrDefault(pool.name(), 0.0);
    }

    public synchronized void consume(String pool, int sizeGb) {
        consumedGb.merge(pool, (double) sizeGb, Double::sum);
    }
}
