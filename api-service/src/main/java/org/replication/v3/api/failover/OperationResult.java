package org.replication.v3.api.failover;

import java.time.Instant;

/**
 * What an operation did to one volume, as its events reported it last.
 *
 * @param lostBytes        what a forced failover lost (0 when nothing was lost or nothing is known)
 * @param dataAsOf         the point in time the volume's data is from after the switch, if known
 * @param fencedBy         how the primary was kept from taking writes, when it had to be
 * @param atRiskAsOf       unplanned async failover: when the target last heard what the lost primary had not
 *                         passed on (lostBytes counts it); writes after that are not counted
 * @param lagAtLossSeconds how far behind the target was at the loss
 */
public record OperationResult(String volumeId, String replicationStatus, long lostBytes, Instant dataAsOf,
        String error, String fencedBy, Instant atRiskAsOf, Double lagAtLossSeconds) {
}
