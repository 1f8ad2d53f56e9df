package org.replication.v3.common.replication;


/**
 * What an operator should expect from failing a replicated volume over: how much data may be lost and whether
 * the failover happens by itself.
 *
 * @param dataLoss         none for sync, bounded by the RPO for async, unknown when no RPO is known
 * @param maxDataLossSeconds the bound for async (the RPO), else null
 * @param downtime         automatic failover when a mediator watches a sync pair, else a manual failover
 */
public record FailoverExpectations(DataLoss dataLoss, Integer maxDataLossSeconds, Downtime downtime) {

    public enum DataLoss implements SpecValue {
        NONE,
        BOUNDED_BY_RPO,
        UNKNOWN;
    }

    public enum Downtime implements SpecValue {
        AUTOMATIC_FAILOVER,
        MANUAL_FAILOVER;
    }

    static FailoverExpectations of(ReplicationMode mode, boolean mediator, Integer rpoSeconds) {
        if (mode == ReplicationMode.SYNC) {
            return new FailoverExpectations(DataLoss.NONE, null,
                    mediator ? Downtime.AUTOMATIC_FAILOVER : Downtime.MANUAL_FAILOVER);
        }
        return rpoSeconds == null
                ? new FailoverExpectations(DataLoss.UNKNOWN, null, Downtime.MANUAL_FAILOVER)
                : new FailoverExpectations(DataLoss.BOUNDED_BY_RPO, rpoSeconds, Downtime.MANUAL_FAILOVER);
    }
}
