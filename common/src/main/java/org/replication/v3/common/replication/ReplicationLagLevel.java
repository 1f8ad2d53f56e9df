package org.replication.v3.common.replication;

/**
 * How far behind its RPO a volume's replica is, with {@code r = lag / RPO}: {@code ok} (r ≤ 1), {@code breach}
 * (1 < r ≤ 2: the promise is already broken), {@code warning} (2 < r ≤ 3), {@code critical} (r > 3, or a sync pair
 * that no longer protects the volume). Declared from the mildest to the worst: a later constant is a rise.
 */
public enum ReplicationLagLevel implements SpecValue {
    OK,
    BREACH,
    WARNING,
    CRITICAL;

    /** Whether this level is worse than {@code other}. */
    public boolean above(ReplicationLagLevel other) {
        return compareTo(other) > 0;
    }
}
