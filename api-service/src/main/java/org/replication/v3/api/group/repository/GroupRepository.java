package org.replication.v3.api.group.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupStatus;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.replication.ReplicationStatus;

/** Reads and writes groups; reads that serve the API hide deleted groups. */
@ApplicationScoped
public class GroupRepository implements PanacheRepositoryBase<Group, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    public Uni<Group> findLive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResult();
    }

    /** Deleted ones too, locked until commit: event handlers and actions decide from the current status. */
    public Uni<Group> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Live groups of one project, or of every project when {@code projectId} is null. */
    public Uni<List<Group>> listLive(String projectId) {
        return projectId == null ? list("deletedAt is null", NEWEST_FIRST)
                : list("projectId = ?1 and deletedAt is null", NEWEST_FIRST, projectId);
    }

    public Uni<Boolean> typeInUse(UUID groupTypeId) {
        return count("groupTypeId = ?1 and deletedAt is null", groupTypeId).map(count -> count > 0);
    }

    /** The live volumes of a group, locked until commit, so that membership and deletion decisions hold. */
    public Uni<List<Volume>> volumesForUpdate(UUID groupId) {
        return Volume.<Volume>find("groupId = ?1 and deletedAt is null order by createdAt, id", groupId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** A group's live volumes, oldest first, unlocked. */
    public Uni<List<Volume>> volumes(UUID groupId) {
        return Volume.list("groupId = ?1 and deletedAt is null order by createdAt, id", groupId);
    }

    /** The ids of a group's live volumes, oldest first. */
    public Uni<List<UUID>> volumeIds(UUID groupId) {
        return volumes(groupId).map(volumes -> volumes.stream().map(volume -> volume.id).toList());
    }

    /** The live groups among {@code ids}, in any project; missing and deleted ones are left out. */
    public Uni<List<Group>> listLive(List<UUID> ids) {
        return list("id in ?1 and deletedAt is null", ids);
    }

    /** Groups whose last volume a cross-cloud export moved away with clear_existing: deleted and hidden. */
    public Uni<Integer> clearedByExport(List<UUID> ids, Instant at) {
        return update("status = ?1, deletedAt = ?2, updatedAt = ?2 where id in ?3 and deletedAt is null",
                GroupStatus.DELETED, at, ids);
    }

    /** Every group among {@code ids}, deleted ones too (an import revives a deleted group's row). */
    public Uni<List<Group>> listAny(List<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** Whether any live volume of the group is failed over: where a group stands when a failover changed nothing. */
    public Uni<Boolean> anyVolumeFailedOver(UUID groupId) {
        return Volume.count("groupId = ?1 and deletedAt is null and replicationStatus = ?2", groupId,
                ReplicationStatus.FAILED_OVER.value()).map(failedOver -> failedOver > 0);
    }
}
