package org.replication.v3.api.group;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.lifecycle.BackendResource;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * The API's record of a generic volume group. As for volumes, every status change is one of the transition methods
 * below, each refusing (false) when the group is not in a status it applies to, so late or repeated events change
 * nothing.
 */
@Entity
@Table(name = "volume_group")
public class Group extends BackendResource<GroupStatus> {

    /** Where Cinder lets a group delete start from; error_deleting too, so a failed delete can be retried. */
    private static final Set<GroupStatus> DELETABLE = EnumSet.of(GroupStatus.AVAILABLE, GroupStatus.ERROR,
            GroupStatus.ERROR_DELETING);
    private static final String REPLICATION_DISABLED = ReplicationStatus.DISABLED.value();
    private static final String REPLICATION_ENABLED = ReplicationStatus.ENABLED.value();
    private static final String REPLICATION_ENABLING = ReplicationStatus.ENABLING.value();
    private static final String REPLICATION_DISABLING = ReplicationStatus.DISABLING.value();
    private static final String REPLICATION_ERROR = ReplicationStatus.ERROR.value();
    private static final String FAILING_OVER = ReplicationStatus.FAILING_OVER.value();
    private static final String FAILED_OVER = ReplicationStatus.FAILED_OVER.value();
    /** Tiramisu's replication_status a group must have for each replication action (cinder/group/api.py). */
    public static final List<String> ENABLE_FROM = List.of(REPLICATION_DISABLED, REPLICATION_ENABLED);
    public static final List<String> DISABLE_FROM = List.of(REPLICATION_ENABLED, REPLICATION_ERROR);
    public static final List<String> FAILOVER_FROM = List.of(REPLICATION_ENABLED, FAILED_OVER);
    private static final DeleteStatuses<GroupStatus> DELETE_STATUSES = new DeleteStatuses<>(GroupStatus.DELETING,
            GroupStatus.ERROR_DELETING, GroupStatus.DELETED);

    @Convert(converter = GroupStatusConverter.class)
    public GroupStatus status;

    @Column(name = "group_type_id")
    public UUID groupTypeId;

    @Convert(converter = IdListConverter.class)
    @Column(name = "volume_type_ids")
    public List<String> volumeTypeIds;

    @Column(name = "replication_status")
    public String replicationStatus;

    public Group() {
        super(DELETE_STATUSES);
    }

    public static Group creating(UUID id, String projectId, String userId, Instant at) {
        Group group = new Group();
        group.id = id;
        group.projectId = projectId;
        group.userId = userId;
        group.status = GroupStatus.CREATING;
        group.replicationStatus = REPLICATION_DISABLED;
        group.createdAt = at;
        return group;
    }

    @Override
    protected GroupStatus status() {
        return status;
    }

    @Override
    protected void status(GroupStatus to) {
        this.status = to;
    }

    @Override
    public boolean deletable() {
        return live() && DELETABLE.contains(status);
    }

    public boolean hasVolumeType(UUID typeId) {
        return volumeTypeIds.contains(typeId.toString());
    }

    /**
     * A group of a replicated group type replicates from its creation on (its volumes are created replicated):
     * {@code enabling} until its backend has created it. Other groups stay disabled, as Cinder's do.
     */
    public void replicatedFromCreation() {
        this.replicationStatus = REPLICATION_ENABLING;
    }

    /** The backend created it at {@code host} (host@backend#pool). */
    public boolean created(String host, Instant at) {
        if (!live() || status != GroupStatus.CREATING) {
            return false;
        }
        this.status = GroupStatus.AVAILABLE;
        this.host = host;
        if (REPLICATION_ENABLING.equals(replicationStatus)) {
            this.replicationStatus = REPLICATION_ENABLED;
        }
        this.updatedAt = at;
        return true;
    }

    /** No backend could take it, or the chosen one failed; {@code host} is null when it never reached one. */
    public boolean failedToCreate(String host, Instant at) {
        if (!live() || status != GroupStatus.CREATING) {
            return false;
        }
        this.status = GroupStatus.ERROR;
        if (REPLICATION_ENABLING.equals(replicationStatus)) {
            this.replicationStatus = REPLICATION_DISABLED;
        }
        if (host != null) {
            this.host = host;
        }
        this.updatedAt = at;
        return true;
    }

    /** Deleted without a backend: it never reached one. */
    public boolean deleteUnplaced(Instant at) {
        if (!live() || host != null || status == GroupStatus.CREATING) {
            return false;
        }
        markDeleted(at);
        return true;
    }

    /** add_volumes / remove_volumes were accepted: the group's backend changes its membership. */
    public boolean startUpdating(Instant at) {
        return live() && status == GroupStatus.AVAILABLE && moveTo(GroupStatus.UPDATING, at);
    }

    /** The backend changed the membership: available, or error when part of it failed (as Cinder's update_group). */
    public boolean membershipChanged(boolean failed, Instant at) {
        return live() && status == GroupStatus.UPDATING
                && moveTo(failed ? GroupStatus.ERROR : GroupStatus.AVAILABLE, at);
    }

    /** enable_replication or disable_replication was accepted (the caller checked {@link #ENABLE_FROM} etc.). */
    public void replicationChanging(boolean enable, Instant at) {
        this.replicationStatus = enable ? REPLICATION_ENABLING : REPLICATION_DISABLING;
        this.updatedAt = at;
    }

    /** The backend answered an enable or disable: enabled, disabled, or error. */
    public boolean replicationChanged(String to, Instant at) {
        if (!live() || !(REPLICATION_ENABLING.equals(replicationStatus)
                || REPLICATION_DISABLING.equals(replicationStatus))) {
            return false;
        }
        this.replicationStatus = to;
        this.updatedAt = at;
        return true;
    }

    /** A group-scope failover or failback runs; a group that does not replicate is left as it is. */
    public boolean failingOver(Instant at) {
        if (!live() || !FAILOVER_FROM.contains(replicationStatus)) {
            return false;
        }
        this.replicationStatus = FAILING_OVER;
        this.updatedAt = at;
        return true;
    }

    /** The group-scope operation ended: failed-over, enabled (failed back), error, or what it was before. */
    public boolean failoverEnded(String to, Instant at) {
        if (!live() || !FAILING_OVER.equals(replicationStatus)) {
            return false;
        }
        this.replicationStatus = to;
        this.updatedAt = at;
        return true;
    }

    /**
     * A group re-created by a cross-cloud import (same id and name as in the exporting cloud), available at once:
     * its volumes arrive on their own. The row of a group deleted here before is taken over.
     */
    public void imported(String projectId, String userId, String name, UUID groupTypeId, List<String> volumeTypeIds,
            String host, String availabilityZone, Instant at) {
        this.projectId = projectId;
        this.userId = userId;
        this.name = name;
        this.description = null;
        this.groupTypeId = groupTypeId;
        this.volumeTypeIds = new ArrayList<>(volumeTypeIds);
        this.host = host;
        this.availabilityZone = availabilityZone;
        this.status = GroupStatus.AVAILABLE;
        this.replicationStatus = REPLICATION_DISABLED;
        this.deletedAt = null;
        this.createdAt = at;
        this.updatedAt = at;
    }

    /** An admin's reset_status: any of Cinder's statuses, no questions asked. */
    public void resetStatus(GroupStatus to, Instant at) {
        moveTo(to, at);
    }
}
