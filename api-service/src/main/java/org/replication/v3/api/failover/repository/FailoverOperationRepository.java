package org.replication.v3.api.failover.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.OperationResult;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.failover.VolumesSwitched;

/** Failover operations and their per-volume results, as the API shows them. */
@ApplicationScoped
public class FailoverOperationRepository implements PanacheRepositoryBase<FailoverOperation, String> {

    /** Serializes the overlap check and the insert of concurrent requests (one transaction-scoped lock). */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('failover_operation'))";
    private static final String UPSERT_RESULTS = """
            insert into failover_operation_result (operation_id, volume_id, replication_status, lost_bytes,
                                                   data_as_of, error, fenced_by, at_risk_as_of, lag_at_loss_seconds)
            select ?1, r.volume_id, r.replication_status, r.lost_bytes, r.data_as_of, r.error, r.fenced_by,
                   r.at_risk_as_of, r.lag_at_loss_seconds
            from unnest(cast(?2 as varchar[]), cast(?3 as varchar[]), cast(?4 as bigint[]),
                        cast(cast(?5 as text[]) as timestamptz[]), cast(?6 as text[]), cast(?7 as varchar[]),
                        cast(cast(?8 as text[]) as timestamptz[]), cast(?9 as float8[]))
                 as r(volume_id, replication_status, lost_bytes, data_as_of, error, fenced_by, at_risk_as_of,
                      lag_at_loss_seconds)
            on conflict (operation_id, volume_id) do update set
                replication_status = excluded.replication_status, lost_bytes = excluded.lost_bytes,
                data_as_of = excluded.data_as_of, error = excluded.error, fenced_by = excluded.fenced_by,
                at_risk_as_of = excluded.at_risk_as_of, lag_at_loss_seconds = excluded.lag_at_loss_seconds
            """;

    public Uni<Void> lockForRequests() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK).getResultList())
                .replaceWithVoid();
    }

    public Uni<List<FailoverOperation>> active() {
        return list("state in ?1", OperationState.ACTIVE);
    }

    /**
     * Newest first (then by id, so that a marker is a stable place); null filters match everything.
     *
     * @param marker the id of the last operation of the previous page
     */
    public Uni<List<FailoverOperation>> page(OperationState state, ReplicationScope scope, Boolean automatic, FailoverOperation marker,
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

    /** An operation's results in volume id order. */
    public Uni<List<OperationResult>> results(String operationId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select volume_id, replication_status, lost_bytes, data_as_of, error, fenced_by,"
                                + " at_risk_as_of, lag_at_loss_seconds"
                                + " from failover_operation_result where operation_id = ?1 order by volume_id",
                        Object[].class)
                .setParameter(1, operationId).getResultList())
                .map(rows -> rows.stream().map(row -> new OperationResult((String) row[0], (String) row[1],
                        row[2] == null ? 0 : ((Number) row[2]).longValue(), instant(row[3]), (String) row[4],
                        (String) row[5], instant(row[6]), row[7] == null ? null : ((Number) row[7]).doubleValue()))
                        .toList());
    }

    /** A timestamptz column comes back as an OffsetDateTime or an Instant, depending on the driver's mapping. */
    private static Instant instant(Object value) {
        return value == null ? null : value instanceof OffsetDateTime offset ? offset.toInstant() : (Instant) value;
    }

    /** All of an event's results in one statement, however many volumes it carries. */
    public Uni<Void> saveResults(String operationId, List<VolumesSwitched.Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = results.size();
        String[] volumeIds = new String[n];
        String[] statuses = new String[n];
        Long[] lostBytes = new Long[n];
        // as ISO text: the driver cannot bind an array of timestamps that Hibernate has turned into Instants
        String[] dataAsOf = new String[n];
        String[] errors = new String[n];
        String[] fencedBy = new String[n];
        String[] atRiskAsOf = new String[n];
        Double[] lagAtLoss = new Double[n];
        for (int i = 0; i < n; i++) {
            VolumesSwitched.Result result = results.get(i);
            volumeIds[i] = result.volumeId();
            statuses[i] = result.replicationStatus().value();
            lostBytes[i] = result.lostBytes();
            dataAsOf[i] = result.dataAsOf() == null ? null : result.dataAsOf().toString();
            errors[i] = result.error();
            fencedBy[i] = result.fencedBy() == null ? null : result.fencedBy().value();
            atRiskAsOf[i] = result.atRiskAsOf() == null ? null : result.atRiskAsOf().toString();
            lagAtLoss[i] = result.lagAtLossSeconds();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT_RESULTS)
                        .setParameter(1, operationId).setParameter(2, volumeIds).setParameter(3, statuses)
                        .setParameter(4, lostBytes).setParameter(5, dataAsOf).setParameter(6, errors)
                        .setParameter(7, fencedBy).setParameter(8, atRiskAsOf).setParameter(9, lagAtLoss)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
