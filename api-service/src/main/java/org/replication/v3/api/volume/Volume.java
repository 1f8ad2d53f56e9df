package org.replication.v3.api.volume;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.replication.v3.api.type.VolumeType;

/**
 * The API's record of a volume and its life cycle. Every status change goes through one of the transition methods
 * below; each refuses (returns false) when the volume is not in a status it applies to, which is how a late or
 * repeated event is told apart from a real change.
 */
@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {

    /** Where Cinder lets a delete start from ({@code cinder/volume/api.py}). */
    private static final Set<VolumeStatus> DELETABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR,
            VolumeStatus.ERROR_RESTORING, VolumeStatus.ERROR_EXTENDING, VolumeStatus.ERROR_MANAGING);

    @Id
    public UUID id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "user_id")
    public String userId;

    public String name;

    public String description;

    public int size;

    @Convert(converter = VolumeStatusConverter.class)
    public VolumeStatus status;

    @Column(name = "availability_zone")
    public String availabilityZone;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "volume_type_id")
    public VolumeType volumeType;

    public String host;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "service_uuid")
    public String serviceUuid;

    @Column(name = "replication_requested")
    public boolean replicationRequested;

    @Column(name = "replication_status")
    public String replicationStatus;

    public boolean bootable;

    public boolean multiattach;

    @Column(name = "shared_targets")
    public boolean sharedTargets;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The generic volume group it belongs to, or null. */
    @Column(name = "group_id")
    public UUID groupId;

    public boolean live() {
        return deletedAt == null;
    }

    public boolean deletable() {
        return live() && DELETABLE.contains(status);
    }

    /** The backend created it at {@code host} (host@backend#pool) of {@code serviceUuid}. */
    public boolean created(String host, String serviceUuid, String providerId, int size, Instant at) {
        if (!live() || status != VolumeStatus.CREATING) {
            return false;
        }
        this.status = VolumeStatus.AVAILABLE;
        this.host = host;
        this.serviceUuid = serviceUuid;
        this.providerId = providerId;
        this.size = size;
        this.replicationStatus = replicationRequested ? "enabled" : "disabled";
        this.updatedAt = at;
        return true;
    }

    /** The backend at {@code host} (null when unknown) failed to create it. */
    public boolean failedToCreate(String host, Instant at) {
        if (!live() || status != VolumeStatus.CREATING) {
            return false;
        }
        this.status = VolumeStatus.ERROR;
        if (host != null) {
            this.host = host;
        }
        this.updatedAt = at;
        return true;
    }

    /** No backend could take it; it never reached one. */
    public boolean failedToSchedule(Instant at) {
        if (!live() || status != VolumeStatus.CREATING) {
            return false;
        }
        this.status = VolumeStatus.ERROR;
        this.updatedAt = at;
        return true;
    }

    /** A delete was asked for a volume that a backend holds; that backend does the rest. */
    public boolean startDeleting(Instant at) {
        if (!deletable() || host == null) {
            return false;
        }
        this.status = VolumeStatus.DELETING;
        this.updatedAt = at;
        return true;
    }

    /** Deleted without a backend: it never reached one, so there is nothing to remove anywhere else. */
    public boolean deleteUnplaced(Instant at) {
        if (!deletable() || host != null) {
            return false;
        }
        markDeleted(at);
        return true;
    }

    /** The backend removed it. */
    public boolean deleted(Instant at) {
        if (!live() || (status != VolumeStatus.DELETING && status != VolumeStatus.ERROR_DELETING)) {
            return false;
        }
        markDeleted(at);
        return true;
    }

    public boolean failedToDelete(Instant at) {
        if (!live() || status != VolumeStatus.DELETING) {
            return false;
        }
        this.status = VolumeStatus.ERROR_DELETING;
        this.updatedAt = at;
        return true;
    }

    private void markDeleted(Instant at) {
        this.status = VolumeStatus.DELETED;
        this.updatedAt = at;
        this.deletedAt = at;
    }
}
