package org.replication.v3.volume.driver;

import java.time.Instant;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * A driver's answer for one volume of a replication action (Cinder's per-volume model update).
 *
 * @param lostBytes bytes acknowledged on the old active side that the new one lacks (failover only)
 * @param dataAsOf  the old side's state the new active side holds (failover only)
 * @param error     why the action failed for this volume, or null
 * @param fencedBy  failover only: who made sure the old side takes no more writes
 *                  ({@link org.replication.v3.common.failover.FencedBy}), or null
 * @param atRiskBytes       unplanned async failover: what the lost primary had not passed on, as the target last
 *                          heard from it (an array's promote answers it); null when the driver does not know
 * @param atRiskAsOf        when the target last heard that
 * @param lagAtLossSeconds  atRiskAsOf minus dataAsOf: how far behind the target was at the loss
 */
public record VolumeReplicationUpdate(String volumeId, ReplicationStatus status, long lostBytes, Instant dataAsOf,
        String error, FencedBy fencedBy, Long atRiskBytes, Instant atRiskAsOf, Double lagAtLossSeconds) {

    /** An update that says nothing of data at risk: planned, sync, or a driver that does not know. */
    public VolumeReplicationUpdate(String volumeId, ReplicationStatus status, long lostBytes, Instant dataAsOf,
            String error, FencedBy fencedBy) {
        this(volumeId, status, lostBytes, dataAsOf, error, fencedBy, null, null, null);
    }

    public VolumeReplicationUpdate(String volumeId, ReplicationStatus status, long lostBytes, Instant dataAsOf,
            String error) {
        this(volumeId, status, lostBytes, dataAsOf, error, null);
    }

    public static VolumeReplicationUpdate of(String volumeId, ReplicationStatus status) {
        return new VolumeReplicationUpdate(volumeId, status, 0, null, null);
    }

    public static VolumeReplicationUpdate failed(String volumeId, ReplicationStatus status, String error) {
        return new VolumeReplicationUpdate(volumeId, status, 0, null, error);
    }
}
