package org.replication.v3.api.failover.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.common.failover.VolumesSwitched;

/** Failover operations and their per-volume results, as the API shows them. */
@ApplicationScoped
public class FailoverOperationRepository implements PanacheRepositoryBase<FailoverOperation, String> {

    /** Serializes the overlap check and the insert of concurrent requests (one transaction-scoped lock). */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('failover_operation'))";
    private static final String UPSERT_RESULT = """
            insert into failover_operation_result (operation_id, volume_id, replication_status, lost_bytes,
                                                   data_as_of, error, fenced_by)
            values (?1, ?2, cast(?3 as varchar), ?4, cast(?5 as timestamptz), cast(?6 as text),
                    cast(?7 as varchar))
            on conflict (operation_id, volume_id) do update set
                replication_status = excluded.replication_status, lost_bytes = excluded.lost_bytes,
                data_as_of = excluded.data_as_of, error = excluded.error, fenced_by = excluded.fenced_by
            """;

    public Uni<Void> lockForRequests() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK).getResultList())
                .replaceWithVoid();
    }

    public Uni<List<FailoverOperation>> active() {
        return list("state in ?1", FailoverOperation.ACTIVE);
    }

    /**
     * Newest first (then by id, so that a marker is a stable place); null filters match everything.
     *
     * @param marker the id of the last operation of the previous page
     */
    public Uni<List<FailoverOperation>> page(String state, String scope, Boolean automatic, FailoverOperation marker,
            int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        if (scope != null) {
            query.append(" and scope = :scope");
            parameters.and("scope", scope);
        }
        if (automatic != null) {
            query.append(" and automatic = :automatic");
            parameters.and("automatic", automatic);
        }
        if (marker != null) {
            query.append(" and (createdAt < :markerAt or (createdAt = :markerAt and id < :markerId))");
            parameters.and("markerAt", marker.createdAt).and("markerId", marker.id);
        }
        return find(query.append(" order by createdAt desc, id desc").toString(), parameters).page(0, limit).list();
    }

    /**
     * Results in volume id order:
     * {@code [volume_id, replication_status, lost_bytes, data_as_of, error, fenced_by]}.
     */
    public Uni<List<Object[]>> results(String operationId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select volume_id, replication_status, lost_bytes, data_as_of, error, fenced_by"
                                + " from failover_operation_result where operation_id = ?1 order by volume_id",
                        Object[].class)
                .setParameter(1, operationId).getResultList());
    }

    public Uni<Void> saveResults(String operationId, List<VolumesSwitched.Result> results) {
        List<Uni<Integer>> writes = new ArrayList<>(results.size());
        for (VolumesSwitched.Result result : results) {
            writes.add(Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT_RESULT)
                    .setParameter(1, operationId)
                    .setParameter(2, result.volumeId())
                    .setParameter(3, result.replicationStatus())
                    .setParameter(4, result.lostBytes())
                    .setParameter(5, offset(result.dataAsOf()))
                    .setParameter(6, result.error())
                    .setParameter(7, result.fencedBy())
                    .executeUpdate()));
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<Integer> write : writes) {
            chain = chain.chain(() -> write).replaceWithVoid();
        }
        return chain;
    }

    private static Object offset(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
