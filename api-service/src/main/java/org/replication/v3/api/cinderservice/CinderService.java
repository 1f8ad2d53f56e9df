package org.replication.v3.api.cinderservice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;

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
    public static final String FAILING_OVER = "failing-over";
    public static final String FAILED_OVER = "failed-over";
    public static final String FAILOVER_ERROR = "failover-error";
    public static final String ENABLED = "enabled";

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
    public String replicationStatus;

    @Column(name = "active_backend_id")
    public String activeBackendId;

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
        return ENABLED.equals(replicationStatus) || FAILED_OVER.equals(replicationStatus);
    }

    public void failingOver(Instant at) {
        replicationStatus = FAILING_OVER;
        modifiedAt = at;
    }

    /** As Cinder's manager after a successful failover: serving from the target, out of scheduling. */
    public void failedOver(String target, Instant at) {
        replicationStatus = FAILED_OVER;
        if (target != null) {
            activeBackendId = target;
        }
        disabled = true;
        disabledReason = FAILED_OVER_REASON;
        modifiedAt = at;
    }

    /** As Cinder's manager after a failback: the primary serves again; only a freeze keeps it disabled. */
    public void failedBack(Instant at) {
        replicationStatus = ENABLED;
        activeBackendId = "";
        disabled = frozen;
        disabledReason = frozen ? FROZEN_REASON : "";
        modifiedAt = at;
    }

    /** A refused failover changed nothing: the status it had before (Cinder's InvalidReplicationTarget path). */
    public void failoverUndone(Instant at) {
        replicationStatus = activeBackendId == null || activeBackendId.isEmpty() ? ENABLED : FAILED_OVER;
        modifiedAt = at;
    }

    /** No volume switched: Cinder leaves the service disabled with failover-error. */
    public void failoverFailed(Instant at) {
        replicationStatus = FAILOVER_ERROR;
        disabled = true;
        modifiedAt = at;
    }

    /** The event that tells the other services what operators set here now. */
    public ServiceStatusChanged statusChanged() {
        return new ServiceStatusChanged(binary, host, disabled, disabledReason, frozen, modifiedAt);
    }
}
