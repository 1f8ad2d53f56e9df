package org.replication.v3.common.replication;

/** The effective replication of one volume or group, each value with its source ({@link ReplicationPrecedence}). */
public record ReplicationSettings(
        Sourced<Boolean> enabled,
        Sourced<ReplicationScope> scope,
        Sourced<ReplicationMode> mode,
        Sourced<SyncTopology> syncTopology,
        Sourced<Boolean> mediator,
        Sourced<Integer> rpoSeconds,
        Sourced<String> target) {

    public boolean replicated() {
        return Boolean.TRUE.equals(enabled.value());
    }

    /** What a failover would cost, or null when the volume is not replicated. */
    public FailoverExpectations expectations() {
        return replicated() ? FailoverExpectations.of(mode.value(), Boolean.TRUE.equals(mediator.value()),
                rpoSeconds.value()) : null;
    }
}
