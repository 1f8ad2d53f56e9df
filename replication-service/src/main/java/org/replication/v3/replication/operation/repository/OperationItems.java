package org.replication.v3.replication.operation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.replication.v3.common.failover.ItemState;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.replication.operation.ItemCounts;
import org.replication.v3.replication.volume.VolumeReplica;

/**
 * An operation's items, one per volume it switches. Plain statements rather than entities: an operation of 10,000
 * volumes would otherwise fill the session with entities that Hibernate dirty-checks at every flush, and nothing
 * changes them one by one. Every statement takes its volumes as arrays, so it is one round trip whatever their
 * number and never reaches the protocol's limit on parameters.
 */
@ApplicationScoped
public class OperationItems {

    private static final String INSERT_PENDING = "insert into operation_item (operation_id, volume_id,"
            + " backend_host, state) select ?1, v.volume_id, v.backend_host, ?4"
            + " from unnest(cast(?2 as text[]), cast(?3 as text[])) as v(volume_id, backend_host)";
    private static final String PENDING_OPERATION = "select operation_id from operation_item where state = ?1"
            + " and volume_id = any(cast(?2 as text[])) limit 1";
    // Times as ISO text: the driver cannot bind an array of Instants.
    private static final String SETTLE = "update operation_item i set"
            + " state = case when v.error is null then ?6 else ?7 end,"
            + " replication_status = v.status, lost_bytes = v.lost, error = v.error,"
            + " data_as_of = v.data_as_of, at_risk_bytes = v.at_risk, at_risk_as_of = v.at_risk_as_of,"
            + " lag_at_loss_seconds = v.lag"
            + " from unnest(cast(?2 as text[]), cast(?3 as text[]), cast(?4 as bigint[]),"
            + " cast(?5 as text[]), cast(cast(?9 as text[]) as timestamptz[]), cast(?10 as bigint[]),"
            + " cast(cast(?11 as text[]) as timestamptz[]), cast(?12 as float8[]))"
            + " as v(volume_id, status, lost, error, data_as_of, at_risk, at_risk_as_of, lag)"
            + " where i.operation_id = ?1 and i.volume_id = v.volume_id and i.state = ?8";
    private static final String COUNT_BY_STATE = "select count(*) filter (where state = ?2),"
            + " count(*) filter (where state = ?3), count(*) filter (where state = ?4)"
            + " from operation_item where operation_id = ?1";

    /** One pending item per volume. */
    public Uni<Void> insertPending(String operationId, List<VolumeReplica> volumes) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_PENDING)
                .setParameter(1, operationId)
                .setParameter(2, volumes.stream().map(VolumeReplica::volumeId).toArray(String[]::new))
                .setParameter(3, volumes.stream().map(VolumeReplica::backendHost).toArray(String[]::new))
                .setParameter(4, ItemState.PENDING.value())
                .executeUpdate()).replaceWithVoid();
    }

    /** The operation still switching one of these volumes, or null: a new request must not overlap it. */
    public Uni<String> pendingOperationOf(List<String> volumeIds) {
        if (volumeIds.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(PENDING_OPERATION, String.class)
                .setParameter(1, ItemState.PENDING.value())
                .setParameter(2, volumeIds.toArray(String[]::new))
                .getResultList()).map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /**
     * Records a backend's results: done, or failed with the error, with what each lost or put at risk. Only pending
     * items change, so a redelivered answer settles nothing twice.
     */
    public Uni<Void> settle(VolumesSwitched switched) {
        List<VolumesSwitched.Result> results = switched.results();
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SETTLE)
                .setParameter(1, switched.operationId())
                .setParameter(2, results.stream().map(VolumesSwitched.Result::volumeId).toArray(String[]::new))
                .setParameter(3, results.stream().map(r -> r.replicationStatus().value()).toArray(String[]::new))
                .setParameter(4, results.stream().map(VolumesSwitched.Result::lostBytes).toArray(Long[]::new))
                .setParameter(5, results.stream().map(VolumesSwitched.Result::error).toArray(String[]::new))
                .setParameter(6, ItemState.DONE.value())
                .setParameter(7, ItemState.FAILED.value())
                .setParameter(8, ItemState.PENDING.value())
                .setParameter(9, results.stream().map(r -> text(r.dataAsOf())).toArray(String[]::new))
                .setParameter(10, results.stream().map(VolumesSwitched.Result::atRiskBytes).toArray(Long[]::new))
                .setParameter(11, results.stream().map(r -> text(r.atRiskAsOf())).toArray(String[]::new))
                .setParameter(12, results.stream().map(VolumesSwitched.Result::lagAtLossSeconds)
                        .toArray(Double[]::new))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<ItemCounts> countByState(String operationId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(COUNT_BY_STATE, Object[].class)
                .setParameter(1, operationId)
                .setParameter(2, ItemState.DONE.value())
                .setParameter(3, ItemState.FAILED.value())
                .setParameter(4, ItemState.PENDING.value())
                .getSingleResult())
                .map(row -> new ItemCounts(count(row[0]), count(row[1]), count(row[2])));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static int count(Object column) {
        return ((Number) column).intValue();
    }
}
