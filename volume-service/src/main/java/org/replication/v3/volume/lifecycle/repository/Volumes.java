package org.replication.v3.volume.lifecycle.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.lifecycle.Volume;

/** The volumes this service's backends hold, read and written by intent. Runs in the caller's session. */
@ApplicationScoped
public class Volumes implements PanacheRepositoryBase<Volume, String> {

    /** The named volumes that are here, by id (a missing one is simply absent). */
    public Uni<Map<String, Volume>> byIds(Collection<String> ids) {
        Uni<List<Volume>> found = ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
        return found.map(volumes -> volumes.stream().collect(Collectors.toMap(v -> v.id, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new)));
    }

    /** The group's members, oldest first. */
    public Uni<List<Volume>> inGroup(String groupId) {
        return list("groupId = ?1 order by createdAt, id", groupId);
    }

    /** The volumes of this host in one of {@code statuses} (the replicated ones whose pairs a start restores). */
    public Uni<List<Volume>> onHostWithReplicationStatus(String host, Collection<ReplicationStatus> statuses) {
        return list("replicationStatus in ?1 and host like ?2", statuses, host + "@%");
    }

    /** As {@link #onHostWithReplicationStatus} for one backend, {@code host@backend}. */
    public Uni<List<Volume>> onBackendWithReplicationStatus(String backend, Collection<ReplicationStatus> statuses) {
        return list("replicationStatus in ?1 and host like ?2", statuses, backend + "#%");
    }

    /**
     * One switch outcome for many volumes in one statement: their replication status and, for a successful switch
     * ({@code activeSide} not null), the side now serving them.
     */
    public Uni<Void> recordSwitched(Collection<String> ids, ReplicationStatus status, String activeSide,
            Instant now) {
        return Panache.getSession().flatMap(session -> {
            var update = session.createMutationQuery("update Volume set replicationStatus = ?1, updatedAt = ?2"
                            + (activeSide == null ? "" : ", replicationActiveSide = ?4") + " where id in ?3")
                    .setParameter(1, status).setParameter(2, now).setParameter(3, ids);
            return (activeSide == null ? update : update.setParameter(4, activeSide)).executeUpdate();
        }).replaceWithVoid();
    }
}
