package org.replication.v3.replication.volume.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.volume.ReplicatedVolume;
import org.replication.v3.replication.volume.VolumeReplica;

/**
 * The replication-service's view of replicated volumes. The batch updates of a failover are one statement each,
 * whatever the number of volumes: the ids go in as one array, so 10,000 volumes cost what 10 do in round trips and
 * a statement never reaches the protocol's limit on parameters.
 */
@ApplicationScoped
public class ReplicatedVolumes implements PanacheRepositoryBase<ReplicatedVolume, String> {

    private static final String IN_SCOPE = "select new " + VolumeReplica.class.getName() + "(v.volumeId, v.host,"
            + " v.backendHost, v.groupId, v.mode, v.target, v.mediator, v.rpoSeconds, v.replicationStatus,"
            + " v.activeBackendId) from ReplicatedVolume v where v.%s in :ids";
    private static final String MARK = "update replicated_volume set replication_status = ?1,"
            + " updated_at = now() where volume_id = any(cast(?2 as text[]))";
    private static final String FORGET = "delete from replicated_volume where volume_id = any(cast(?1 as text[]))";
    private static final String MARK_SWITCHED = "update replicated_volume set replication_status = ?1,"
            + " active_backend_id = cast(?2 as text), updated_at = now() where volume_id = any(cast(?3 as text[]))";

    /**
     * Every replicated volume a scope holds, whatever its status, as plain values. How each scope is resolved:
     * VOLUME by the volume ids, GROUP by the group ids, POOL by the volumes' host@backend#pool, BACKEND by their
     * host@backend. The request names a few resources, so they go in as a list; the volumes come out as values.
     */
    public Uni<List<VolumeReplica>> inScope(ReplicationScope scope, List<String> resources) {
        String attribute = switch (scope) {
            case VOLUME -> "volumeId";
            case GROUP -> "groupId";
            case POOL -> "host";
            case BACKEND -> "backendHost";
        };
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(IN_SCOPE.formatted(attribute),
                        VolumeReplica.class)
                .setParameter("ids", resources)
                .getResultList());
    }

    /** Removes these volumes from the view, in one statement. */
    public Uni<Integer> forget(List<String> volumeIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FORGET)
                .setParameter(1, volumeIds.toArray(String[]::new)).executeUpdate());
    }

    /** Cinder has one transient status for both directions, failing-over: set while the volumes are switched. */
    public Uni<Void> markSwitching(List<String> volumeIds) {
        return mark(ReplicationStatus.FAILING_OVER.value(), volumeIds);
    }

    /** The status a backend reported for these volumes (a group's replication enabled or disabled). */
    public Uni<Void> mark(String replicationStatus, List<String> volumeIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(MARK)
                .setParameter(1, replicationStatus).setParameter(2, volumeIds.toArray(String[]::new))
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The outcome of a switch for volumes that ended in one status.
     *
     * @param activeBackendId the target now serving them, or null when their primary does again
     */
    public Uni<Void> markSwitched(ReplicationStatus status, String activeBackendId, List<String> volumeIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(MARK_SWITCHED)
                .setParameter(1, status.value()).setParameter(2, activeBackendId)
                .setParameter(3, volumeIds.toArray(String[]::new)).executeUpdate()).replaceWithVoid();
    }

    /** A volume that left its group stops replicating (unless it already joined another group meanwhile). */
    public Uni<Void> leaveGroup(String volumeId, String groupId, String replicationStatus) {
        return update("groupId = null, replicationStatus = ?1, updatedAt = ?2 where volumeId = ?3 and groupId = ?4",
                replicationStatus, Instant.now(), volumeId, groupId).replaceWithVoid();
    }

    /** Takes every volume but {@code members} out of the group; how many were taken out. */
    public Uni<Integer> keepOnlyMembers(String groupId, List<String> members) {
        return update("groupId = null, updatedAt = ?1 where groupId = ?2 and volumeId not in ?3", Instant.now(),
                groupId, members.isEmpty() ? List.of("") : members);
    }
}
