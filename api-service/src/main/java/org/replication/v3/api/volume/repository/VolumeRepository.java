package org.replication.v3.api.volume.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationLagLevel;

/**
 * Reads and writes volumes. Reads that serve the API hide deleted volumes and fetch the type in the same query.
 * The lists are {@link VolumeReads}.
 */
@ApplicationScoped
public class VolumeRepository implements PanacheRepositoryBase<Volume, UUID> {

    // Times as ISO text: the driver cannot bind an array of Instants.
    private static final String LAG_MEASURED = "update volume v set replication_last_sync_at = m.last_sync_at,"
            + " replication_pending = m.pending, replication_lag_level = m.level,"
            + " replication_lag_observed_at = cast(cast(?5 as text) as timestamptz)"
            + " from unnest(cast(cast(?1 as text[]) as uuid[]), cast(cast(?2 as text[]) as timestamptz[]),"
            + " cast(?3 as boolean[]), cast(?4 as text[])) as m(id, last_sync_at, pending, level)"
            + " where v.id = m.id and v.deleted_at is null"
            + " and (v.replication_lag_observed_at is null"
            + " or v.replication_lag_observed_at <= cast(cast(?5 as text) as timestamptz))";
    private static final String LIVE_BY_ID =
            "from Volume v left join fetch v.volumeType where v.id = ?1 and v.deletedAt is null";

    public Uni<Volume> findLive(UUID id) {
        return find(LIVE_BY_ID, id).firstResult();
    }

    /** Deleted ones too, locked until commit: event handlers and deletes decide from the current status. */
    public Uni<Volume> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The live volumes among {@code ids}, in any project; missing and deleted ones are left out. */
    public Uni<List<Volume>> listLive(List<UUID> ids) {
        return list("id in ?1 and deletedAt is null", ids);
    }

    /**
     * The live volumes a set of failovers could switch, in one query: those named by id and those of the named
     * groups.
     */
    public Uni<List<Volume>> listLiveByIdOrGroup(List<UUID> ids, List<UUID> groupIds) {
        return list("deletedAt is null and (id in ?1 or groupId in ?2)", nonEmpty(ids), nonEmpty(groupIds));
    }

    /**
     * The live volumes a scope names, type fetched, oldest first: by id (VOLUME), group id (GROUP),
     * host@backend#pool (POOL) or host@backend (BACKEND).
     */
    public Uni<List<Volume>> listLiveInScope(ReplicationScope scope, List<String> resources) {
        String condition = switch (scope) {
            case VOLUME -> "v.id in ?1";
            case GROUP -> "v.groupId in ?1";
            case POOL -> "v.host in ?1";
            case BACKEND -> "substring(v.host, 1, locate('#', v.host) - 1) in ?1";
        };
        Object parameter = scope == ReplicationScope.VOLUME || scope == ReplicationScope.GROUP
                ? resources.stream().map(UUID::fromString).toList() : resources;
        return find("from Volume v left join fetch v.volumeType where v.deletedAt is null and " + condition
                + " order by v.createdAt, v.id", parameter).list();
    }

    /** Every volume among {@code ids}, deleted ones too (an import revives a deleted volume's row). */
    public Uni<List<Volume>> listAny(List<UUID> ids) {
        return list("id in ?1", ids);
    }

    /**
     * Volumes a cross-cloud export moved away with clear_existing: deleted and hidden, as a deleted volume, in one
     * statement. The volume-service deleted its rows in the same operation; the arrays keep the data.
     */
    public Uni<Integer> clearedByExport(List<UUID> ids, Instant at) {
        return update("status = ?1, deletedAt = ?2, updatedAt = ?2 where id in ?3 and deletedAt is null",
                VolumeStatus.DELETED, at, ids);
    }

    /** An empty {@code in} list is not valid SQL; no real id is the nil UUID. */
    private static List<UUID> nonEmpty(List<UUID> ids) {
        return ids.isEmpty() ? List.of(new UUID(0, 0)) : ids;
    }

    /**
     * Sets the replication_status of many live volumes in one statement: a failover's results arrive in batches of
     * thousands, and loading each volume would cost a round trip apiece.
     *
     * @return how many volumes changed (deleted ones are left alone)
     */
    public Uni<Integer> replicationSwitched(List<UUID> ids, String status, Instant at) {
        return update("replicationStatus = ?1, updatedAt = ?2 where id in ?3 and deletedAt is null", status, at, ids);
    }

    /**
     * A snapshot's lag measures, all in one statement: after a backend failover a snapshot names a thousand volumes,
     * and a statement apiece held the API's volume events (the failover's own results among them) for seconds.
     * Snapshots (keyed by backend) and level changes (keyed by volume) are not ordered with each other: a measure
     * older than the one a volume holds is left out, and so is a deleted volume.
     *
     * @return how many volumes took the measure
     */
    public Uni<Integer> replicationLagMeasured(List<LagMeasure> measures, Instant observedAt) {
        if (measures.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LAG_MEASURED)
                .setParameter(1, measures.stream().map(m -> m.id().toString()).toArray(String[]::new))
                .setParameter(2, measures.stream().map(m -> m.lastSyncAt() == null ? null : m.lastSyncAt().toString())
                        .toArray(String[]::new))
                .setParameter(3, measures.stream().map(LagMeasure::pending).toArray(Boolean[]::new))
                .setParameter(4, measures.stream().map(m -> m.level().value()).toArray(String[]::new))
                .setParameter(5, observedAt.toString())
                .executeUpdate());
    }

    /** One volume's entry of a lag snapshot. */
    public record LagMeasure(UUID id, Instant lastSyncAt, boolean pending, ReplicationLagLevel level) {
    }

    public Uni<Boolean> typeInUse(UUID typeId) {
        return count("volumeType.id = ?1 and deletedAt is null", typeId).map(count -> count > 0);
    }
}
