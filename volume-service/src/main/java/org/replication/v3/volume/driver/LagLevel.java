package org.replication.v3.volume.driver;

import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagLevel;

/**
 * How far a replica is behind, against its RPO, with {@code r = lag / RPO}: within it (r ≤ 1), in breach of it
 * (1 < r ≤ 2: the promise is already broken), warned (2 < r ≤ 3) and critical (r > 3). Ramen warns at twice the
 * RPO and alerts at three times; the breach at once the RPO is ours. Declared from the mildest to the worst.
 */
public enum LagLevel {
    OK,
    BREACH,
    WARNING,
    CRITICAL;

    public static LagLevel of(double lagSeconds, double rpoSeconds) {
        if (lagSeconds > 3 * rpoSeconds) {
            return CRITICAL;
        }
        if (lagSeconds > 2 * rpoSeconds) {
            return WARNING;
        }
        return lagSeconds > rpoSeconds ? BREACH : OK;
    }

    /** As {@code volume.replication-lag-changed.v2} and the snapshot spell it. */
    public ReplicationLagLevel published() {
        return ReplicationLagLevel.valueOf(name());
    }

    /**
     * As {@code volume.replication-lag-changed.v1} has always defined it: warning above twice the RPO, critical
     * above three times, ok below twice. v1's enum has no breach, so a breach stays ok there.
     */
    public ReplicationLagChanged.Level v1() {
        return this == BREACH ? ReplicationLagChanged.Level.OK : ReplicationLagChanged.Level.valueOf(name());
    }
}
