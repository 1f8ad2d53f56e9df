package org.replication.v3.api.cinderservice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * One of Cinder's services as os-services shows it: a binary on a host, alive while its heartbeats come, and
 * what operators set on it. A volume service's host is {@code host@backend}.
 */
@Entity
@Table(name = "cinder_service")
public class CinderService extends PanacheEntityBase {

    /** Why a frozen service is disabled, as Cinder's volume manager writes it. */
    public static final String FROZEN_REASON = "frozen";
    /** Why a failed-over service is disabled, as Cinder's volume manager writes it. */
    public static final String FAILED_OVER_REASON = "failed-over";

    @Id
    public UUID id;

    @Column(name = "service_binary")
    public String binary;

    public String host;

    @Column(name = "availability_zone")
    public String availabilityZone;

    public boolean disabled;

    @Column(name = "disabled_reason")
    public String disabledReason;

    public boolean frozen;

    @Column(name = "replication_status")
    @Convert(converter = ReplicationStatusConverter.class)
    public ReplicationStatus replicationStatus;

    @Column(name = "active_backend_id")
    public String activeBackendId;

    /** While failing-over: the replication_status before, which a refused operation restores. */
    @Column(name = "failover_from")
    @Convert(converter = ReplicationStatusConverter.class)
    public ReplicationStatus failoverFrom;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "modified_at")
    public Instant modifiedAt;

    public boolean volumeService() {
        return ServiceBinary.VOLUME.equals(binary);
    }

    public boolean up(Instant now, Duration downTime) {
        return !updatedAt.isBefore(now.minus(downTime));
    }

    /** What os-services shows as updated_at: the later of the last heartbeat and the last operator change. */
    public Instant lastChange() {
        return modifiedAt != null && modifiedAt.isAfter(updatedAt) ? modifiedAt : updatedAt;
    }

    public void enable(Instant at) {
        disabled = false;
        disabledReason = null;
        modifiedAt = at;
    }

    /** @param reason null keeps the reason recorded before, as Cinder's plain disable does */
    public void disable(String reason, Instant at) {
        disabled = true;
        if (reason != null) {
            disabledReason = reason;
        }
        modifiedAt = at;
    }

    public void freeze(Instant at) {
        frozen = true;
        disabled = true;
        disabledReason = FROZEN_REASON;
        modifiedAt = at;
    }

    public void thaw(Instant at) {
        frozen = false;
        disabled = false;
        disabledReason = "";
        modifiedAt = at;
    }

    /** Cinder lets a failover start only from these replication statuses. */
    public boolean canFailOver() {
        return replicationStatus == ReplicationStatus.ENABLED || replicationStatus == ReplicationStatus.FAILED_OVER;
    }

    /** A failover or failback of the backend starts; false when one already made it failing-over. */
    public boolean failingOver(Instant at) {
        if (replicationStatus == ReplicationStatus.FAILING_OVER) {
            return false;
        }
        failoverFrom = replicationStatus;
        replicationStatus = ReplicationStatus.FAILING_OVER;
        modifiedAt = at;
        return true;
    }

    /**
     * As Cinder's manager after a successful failover: serving from the target, out of scheduling.
     *
     * @param target the backend_id the volumes switched to; null only when they went to different targets
     */
    public void failedOver(String target, Instant at) {
        replicationStatus = ReplicationStatus.FAILED_OVER;
        failoverFrom = null;
        activeBackendId = target;
        disabled = true;
        disabledReason = FAILED_OVER_REASON;
        modifiedAt = at;
    }

    /** As Cinder's manager after a failback: the primary serves again; only a freeze keeps it disabled. */
    public void failedBack(Instant at) {
        replicationStatus = ReplicationStatus.ENABLED;
        failoverFrom = null;
        activeBackendId = "";
        disabled = frozen;
        disabledReason = frozen ? FROZEN_REASON : "";
        modifiedAt = at;
    }

    /**
     * A refused operation changed nothing: the status it had before (Cinder's InvalidReplicationTarget path). A
     * row that went failing-over before failover_from existed falls back to Cinder's rule: failed-over when it
     * has an active backend.
     */
    public void failoverUndone(Instant at) {
        replicationStatus = failoverFrom != null ? failoverFrom
                : activeBackendId == null || activeBackendId.isEmpty() ? ReplicationStatus.ENABLED
                : ReplicationStatus.FAILED_OVER;
        failoverFrom = null;
        modifiedAt = at;
    }

    /** No volume switched: Cinder leaves the service disabled with failover-error. */
    public void failoverFailed(Instant at) {
        replicationStatus = ReplicationStatus.FAILOVER_ERROR;
        failoverFrom = null;
        disabled = true;
        modifiedAt = at;
    }

    /** The event that tells the other services what operators set here now. */
    public ServiceStatusChanged statusChanged() {
        return new ServiceStatusChanged(binary, host, disabled, disabledReason, frozen, modifiedAt);
    }
}
