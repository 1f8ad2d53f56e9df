package org.replication.v3.api.volume;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.lifecycle.BackendResource;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.SpecValue;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The API's record of a volume and its life cycle. Every status change goes through one of the transition methods
 * below; each refuses (returns false) when the volume is not in a status it applies to, which is how a late or
 * repeated event is told apart from a real change.
 */
@Entity
@Table(name = "volume")
public class Volume extends BackendResource<VolumeStatus> {

    /** Where Cinder lets a delete start from ({@code cinder/volume/api.py}). */
    private static final Set<VolumeStatus> DELETABLE = EnumSet.of(VolumeStatus.AVAILABLE, VolumeStatus.ERROR,
            VolumeStatus.ERROR_RESTORING, VolumeStatus.ERROR_EXTENDING, VolumeStatus.ERROR_MANAGING);
    /** Migration statuses of a volume no migration is working on (Cinder's AVAILABLE_MIGRATION_STATUS). */
    private static final Set<String> MIGRATION_IDLE = new HashSet<>(Arrays.asList(null, "deleting", "error",
            "success"));
    /** The statuses attachment changes move a volume between; others (extending, maintenance, ...) stay. */
    private static final Set<VolumeStatus> ATTACH_LIFE_CYCLE = EnumSet.of(VolumeStatus.AVAILABLE,
            VolumeStatus.RESERVED, VolumeStatus.ATTACHING, VolumeStatus.IN_USE, VolumeStatus.DETACHING);
    private static final DeleteStatuses<VolumeStatus> DELETE_STATUSES = new DeleteStatuses<>(VolumeStatus.DELETING,
            VolumeStatus.ERROR_DELETING, VolumeStatus.DELETED);

    public int size;

    @Convert(converter = VolumeStatusConverter.class)
    public VolumeStatus status;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "volume_type_id")
    public VolumeType volumeType;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "service_uuid")
    public String serviceUuid;

    /**
     * The key of an encrypted volume (null: not encrypted). There is no key manager here: the id is made when the
     * volume is created and names no key; it marks the volume encrypted, as a Barbican key id does in Cinder.
     */
    @Column(name = "encryption_key_id")
    public String encryptionKeyId;

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

    /** The generic volume group it belongs to, or null. */
    @Column(name = "group_id")
    public UUID groupId;
    @Convert(converter = AttachStatusConverter.class)
    @Column(name = "attach_status")
    public AttachStatus attachStatus = AttachStatus.DETACHED;

    @Column(name = "migration_status")
    public String migrationStatus;

    /**
     * The attached attachments as volume responses show them, by attachment id. The volume_attachment table is the
     * record; this copy is rewritten with every attachment change (same transaction), so that reads of volumes stay
     * one row each.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, AttachedTo> attachments = new LinkedHashMap<>();

    /** How the volume is replicated (effective values, their sources, expectations); null while not replicated. */
    @JdbcTypeCode(SqlTypes.JSON)
    public VolumeReplication replication;

    /**
     * The newest instant whose state both sides of the replication hold, as the owner last measured it (null
     * before the first measure): while {@link #replicationPending}, the lag is now minus this.
     */
    @Column(name = "replication_last_sync_at")
    public Instant replicationLastSyncAt;

    /** Whether the replica lacked anything at the last measure (writes not shipped, a sync pair not mirroring). */
    @Column(name = "replication_pending")
    public boolean replicationPending;

    /** The lag against the RPO at the last measure; null before the first (ok). */
    @Column(name = "replication_lag_level")
    @Convert(converter = ReplicationLagLevelConverter.class)
    public ReplicationLagLevel replicationLagLevel;

    /** The RPO the last level change was measured against (null for sync). */
    @Column(name = "replication_rpo_seconds")
    public Integer replicationRpoSeconds;

    /** When the owner measured what the replication lag fields hold. */
    @Column(name = "replication_lag_observed_at")
    public Instant replicationLagObservedAt;

    /** The levels the volume's project was told of in user messages since the lag was last ok, comma-separated. */
    @Column(name = "replication_lag_messaged")
    public String replicationLagMessaged;

    public Volume() {
        super(DELETE_STATUSES);
    }

    @Override
    protected VolumeStatus status() {
        return status;
    }

    @Override
    protected void status(VolumeStatus to) {
        this.status = to;
    }

    /** As Cinder: a deletable status, not attached, not migrating. */
    @Override
    public boolean deletable() {
        return live() && DELETABLE.contains(status) && attachStatus != AttachStatus.ATTACHED
                && MIGRATION_IDLE.contains(migrationStatus);
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
        // The volume-service announces replication before the volume (same key, so in that order) and its status
        // stands; without it (no replication, or an older producer that wrote them the other way) the type decides.
        if (replication == null) {
            this.replicationStatus = replicationRequested ? "enabled" : "disabled";
        }
        this.updatedAt = at;
        return true;
    }

    /**
     * A volume imported from another cloud's export, in the importing project: {@code managing} until the
     * volume-service has checked its replica on the array. The row of a volume deleted here before (exported away
     * with clear_existing, say) is taken over, so the volume comes back under its id; nothing of its past stays.
     */
    public void importing(String projectId, String userId, String name, String description, int size,
            Map<String, String> metadata, boolean bootable, boolean multiattach, VolumeType type, String host,
            String availabilityZone, UUID groupId, Instant at) {
        this.projectId = projectId;
        this.userId = userId;
        this.name = name;
        this.description = description;
        this.size = size;
        this.metadata = new LinkedHashMap<>(metadata);
        this.bootable = bootable;
        this.multiattach = multiattach;
        this.volumeType = type;
        this.host = host;
        this.availabilityZone = availabilityZone;
        this.groupId = groupId;
        this.status = VolumeStatus.MANAGING;
        this.attachStatus = AttachStatus.DETACHED;
        this.attachments = new LinkedHashMap<>();
        this.migrationStatus = null;
        this.providerId = null;
        this.serviceUuid = null;
        this.sharedTargets = true;
        this.encryptionKeyId = null;
        // imported volumes are not replicated here until someone enables it with the usual API
        this.replicationRequested = false;
        this.replicationStatus = ReplicationStatus.DISABLED.value();
        this.replication = null;
        this.replicationLastSyncAt = null;
        this.replicationPending = false;
        this.replicationLagLevel = null;
        this.replicationRpoSeconds = null;
        this.replicationLagObservedAt = null;
        this.replicationLagMessaged = null;
        this.deletedAt = null;
        this.createdAt = at;
        this.updatedAt = at;
    }

    /** The volume-service manages the imported replica now, at {@code host} (host@backend#pool). */
    public boolean imported(String host, String serviceUuid, String providerId, int size, Instant at) {
        if (!live() || status != VolumeStatus.MANAGING) {
            return false;
        }
        this.status = VolumeStatus.AVAILABLE;
        this.host = host;
        this.serviceUuid = serviceUuid;
        this.providerId = providerId;
        this.size = size;
        this.updatedAt = at;
        return true;
    }

    /** The volume-service refused the imported replica: the volume is removed again. */
    public boolean importRefused(Instant at) {
        if (!live() || status != VolumeStatus.MANAGING) {
            return false;
        }
        markDeleted(at);
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
        return live() && status == VolumeStatus.CREATING && moveTo(VolumeStatus.ERROR, at);
    }

    /** Deleted without a backend: it never reached one, so there is nothing to remove anywhere else. */
    public boolean deleteUnplaced(Instant at) {
        if (!deletable() || host != null) {
            return false;
        }
        markDeleted(at);
        return true;
    }

    /** Name, description and metadata as a user set them (PUT volumes/{id}, metadata calls). */
    public void describe(String name, String description, Map<String, String> metadata, Instant at) {
        this.name = name;
        this.description = description;
        this.metadata = metadata;
        this.updatedAt = at;
    }

    /** Whether a migration is under way, which keeps the volume from detaching and deleting. */
    public boolean migrating() {
        return !MIGRATION_IDLE.contains(migrationStatus);
    }

    /**
     * The volume's attachments are now {@code current}: status and attach status follow from them as Cinder decides
     * after attachment-delete (attached before attaching before detaching before reserved; none is available).
     */
    public void attachmentsChanged(List<VolumeAttachment> current, Instant at) {
        Set<AttachStatus> present = EnumSet.noneOf(AttachStatus.class);
        current.forEach(attachment -> present.add(attachment.attachStatus));
        VolumeStatus next;
        AttachStatus nextAttach;
        if (present.contains(AttachStatus.ATTACHED)) {
            next = VolumeStatus.IN_USE;
            nextAttach = AttachStatus.ATTACHED;
        } else if (present.contains(AttachStatus.ATTACHING)) {
            next = VolumeStatus.ATTACHING;
            nextAttach = AttachStatus.ATTACHING;
        } else if (present.contains(AttachStatus.DETACHING)) {
            next = VolumeStatus.DETACHING;
            nextAttach = AttachStatus.DETACHING;
        } else if (present.contains(AttachStatus.RESERVED)) {
            next = VolumeStatus.RESERVED;
            nextAttach = AttachStatus.RESERVED;
        } else {
            next = VolumeStatus.AVAILABLE;
            nextAttach = AttachStatus.DETACHED;
        }
        if (ATTACH_LIFE_CYCLE.contains(status)) {
            this.status = next;
        }
        this.attachStatus = nextAttach;
        Map<String, AttachedTo> attached = new LinkedHashMap<>();
        current.stream().filter(VolumeAttachment::isAttached)
                .forEach(attachment -> attached.put(attachment.id.toString(), attachment.view()));
        this.attachments = attached;
        this.updatedAt = at;
    }

    /** os-begin_detaching: only an attached, in-use volume that is not migrating. */
    public boolean beginDetaching(Instant at) {
        return live() && status == VolumeStatus.IN_USE && attachStatus == AttachStatus.ATTACHED && !migrating()
                && moveTo(VolumeStatus.DETACHING, at);
    }

    /** os-roll_detaching: back to in-use; a volume that is not detaching is left as it is. */
    public boolean rollDetaching(Instant at) {
        return live() && status == VolumeStatus.DETACHING && moveTo(VolumeStatus.IN_USE, at);
    }

    /** os-extend accepted: the backend grows it next. */
    public void startExtending(Instant at) {
        moveTo(VolumeStatus.EXTENDING, at);
    }

    /** The backend grew it; it returns to in-use when attached, otherwise to available. */
    public boolean extended(int newSize, Instant at) {
        if (!live() || status != VolumeStatus.EXTENDING) {
            return false;
        }
        this.size = newSize;
        this.status = attachStatus == AttachStatus.ATTACHED ? VolumeStatus.IN_USE : VolumeStatus.AVAILABLE;
        this.updatedAt = at;
        return true;
    }

    public boolean failedToExtend(Instant at) {
        return live() && status == VolumeStatus.EXTENDING && moveTo(VolumeStatus.ERROR_EXTENDING, at);
    }

    /** os-reset_status: an admin's word wins over the life cycle; null leaves a field as it is. */
    public void reset(VolumeStatus status, AttachStatus attachStatus, String migrationStatus, boolean resetMigration,
            Instant at) {
        if (status != null) {
            this.status = status;
        }
        if (attachStatus != null) {
            this.attachStatus = attachStatus;
        }
        if (resetMigration) {
            this.migrationStatus = migrationStatus;
        }
        this.updatedAt = at;
    }

    /** The backend started (or failed to start) replicating the volume. */
    public boolean replicationEnabled(VolumeReplication replication, String error, Instant at) {
        if (!live()) {
            return false;
        }
        this.replication = replication;
        this.replicationStatus = error != null ? ReplicationStatus.ERROR.value() : replication.status().value();
        this.updatedAt = at;
        return true;
    }

    /** A failover, failback or group enable/disable changed the volume's replication; {@code status} as Cinder's. */
    public boolean replicationSwitched(String status, Instant at) {
        if (!live()) {
            return false;
        }
        this.replicationStatus = status;
        this.updatedAt = at;
        return true;
    }

    /**
     * A level change. Only the level: the lag itself comes with the snapshot of the same measure, which says
     * exactly whether anything is pending (a sync pair that just stopped mirroring has neither bytes nor seconds of
     * lag yet). Left out when a newer measure was applied.
     */
    public boolean replicationLagLevelChanged(ReplicationLagLevel level, Integer rpoSeconds, Instant observedAt) {
        if (!live() || (replicationLagObservedAt != null && observedAt.isBefore(replicationLagObservedAt))) {
            return false;
        }
        this.replicationLagLevel = level;
        this.replicationRpoSeconds = rpoSeconds;
        this.replicationLagObservedAt = observedAt;
        return true;
    }

    /** The lag at {@code now}: since the last instant both sides hold while the replica lacks anything, else 0. */
    public double replicationLagSeconds(Instant now) {
        if (!replicationPending || replicationLastSyncAt == null) {
            return 0.0;
        }
        return Math.max(0.0, Duration.between(replicationLastSyncAt, now).toMillis() / 1000.0);
    }

    /**
     * Whether the volume's project is to be told of a lag that rose into {@code level}: once per level in an
     * episode of lag, which ends when the lag is back to ok. Records the telling.
     */
    public boolean replicationLagToTell(ReplicationLagLevel level, ReplicationLagLevel previous) {
        if (level == ReplicationLagLevel.OK) {
            this.replicationLagMessaged = null;
            return false;
        }
        Set<ReplicationLagLevel> told = EnumSet.noneOf(ReplicationLagLevel.class);
        if (replicationLagMessaged != null) {
            Arrays.stream(replicationLagMessaged.split(","))
                    .forEach(value -> told.add(SpecValue.parse(ReplicationLagLevel.class, value)));
        }
        if (!live() || !level.above(previous) || !told.add(level)) {
            return false;
        }
        this.replicationLagMessaged = String.join(",", told.stream().map(ReplicationLagLevel::value).toList());
        return true;
    }
}
