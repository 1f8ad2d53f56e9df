package org.replication.v3.common.failover;

import java.time.Instant;
import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * The volume-service's answer to {@link SwitchVolumes}: one result per volume, in one event, so that thousands of
 * volumes cost one message and one transaction on each side rather than thousands.
 *
 * @param activeBackendId the backend serving the volumes that switched (null: the primary)
 */
public record VolumesSwitched(String operationId, String host, FailoverAction action, String activeBackendId,
        List<Result> results) implements DomainEvent {

    public static final String TYPE = "volume.switched.v1";

    /**
     * @param replicationStatus Cinder's value after the switch: failed-over, enabled, or failover-error
     * @param lostBytes         bytes the new active side lacks (unplanned failover)
     * @param dataAsOf          the old side's state the new one holds
     * @param fencedBy          failover only: who made sure the old side takes no more writes
     *                          null for failback, reprotect and errors
     * @param atRiskBytes       unplanned async failover: the bytes the lost primary had not yet passed on, as its
     *                          last pending report to the target said (null: not known, or nothing was at risk)
     * @param atRiskAsOf        when that report reached the target: writes after it are not counted
     * @param lagAtLossSeconds  how far the target was behind at the loss: atRiskAsOf minus dataAsOf
     */
    public record Result(String volumeId, ReplicationStatus replicationStatus, long lostBytes, Instant dataAsOf,
            String error, FencedBy fencedBy, Long atRiskBytes, Instant atRiskAsOf, Double lagAtLossSeconds) {

        /** A result that says nothing of data at risk: planned, sync, or a driver that does not know. */
        public Result(String volumeId, ReplicationStatus replicationStatus, long lostBytes, Instant dataAsOf,
                String error, FencedBy fencedBy) {
            this(volumeId, replicationStatus, lostBytes, dataAsOf, error, fencedBy, null, null, null);
        }

        /** A result that fenced nothing: failback, reprotect, an error. */
        public Result(String volumeId, ReplicationStatus replicationStatus, long lostBytes, Instant dataAsOf, String error) {
            this(volumeId, replicationStatus, lostBytes, dataAsOf, error, null);
        }
    }

    public VolumesSwitched {
        results = List.copyOf(results);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
