package org.replication.v3.api.crosscloud.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import org.replication.v3.api.crosscloud.ExportItem;
import org.replication.v3.api.crosscloud.ItemStatus;
import org.replication.v3.api.crosscloud.ReplicaExport;
import org.replication.v3.api.crosscloud.TransferStatus;

/** Exports and their per-volume items. Items go in and change by the batch, in one statement each. */
@ApplicationScoped
public class ReplicaExportRepository implements PanacheRepositoryBase<ReplicaExport, String> {

    /** Serializes the running-export check and the insert of concurrent requests. */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('replica_export'))";
    private static final String RUNNING_AMONG = """
            select i.volume_id, e.id from replica_export_item i join replica_export e on e.id = i.export_id
            where e.status = ?1 and i.volume_id = any(cast(?2 as varchar[]))
            """;
    private static final String INSERT_ITEMS = """
            insert into replica_export_item (export_id, volume_id, host, status)
            select ?1, v.volume_id, v.host, ?4
            from unnest(cast(?2 as varchar[]), cast(?3 as varchar[])) as v(volume_id, host)
            """;
    private static final String SETTLE_ITEMS = """
            update replica_export_item i set status = r.status, document = r.document, reason = r.reason
            from unnest(cast(?2 as varchar[]), cast(?3 as varchar[]), cast(?4 as text[]), cast(?5 as text[]))
                 as r(volume_id, status, document, reason)
            where i.export_id = ?1 and i.volume_id = r.volume_id and i.status = ?6
            """;
    private static final String COUNTS = """
            select count(*) filter (where status <> ?2), count(*) filter (where status = ?3)
            from replica_export_item where export_id = ?1
            """;
    private static final String ITEMS = "select volume_id, host, status, document, reason from replica_export_item"
            + " where export_id = ?1 order by volume_id";

    public Uni<Void> lockForRequests() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK).getResultList())
                .replaceWithVoid();
    }

    /** Volume id and export id of each of {@code volumeIds} that a running export holds. */
    public Uni<List<Object[]>> runningAmong(List<String> volumeIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RUNNING_AMONG, Object[].class)
                .setParameter(1, TransferStatus.RUNNING.value())
                .setParameter(2, volumeIds.toArray(String[]::new)).getResultList());
    }

    /** The export's volumes, pending, each with the host@backend its command goes to. */
    public Uni<Void> addItems(String exportId, List<String> volumeIds, List<String> hosts) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_ITEMS)
                .setParameter(1, exportId).setParameter(2, volumeIds.toArray(String[]::new))
                .setParameter(3, hosts.toArray(String[]::new)).setParameter(4, ItemStatus.PENDING.value())
                .executeUpdate()).replaceWithVoid();
    }

    /** Settles pending items (a settled one stays as it is); arrays are parallel, one entry per volume. */
    public Uni<Void> settle(String exportId, String[] volumeIds, String[] statuses, String[] documents,
            String[] reasons) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SETTLE_ITEMS)
                .setParameter(1, exportId).setParameter(2, volumeIds).setParameter(3, statuses)
                .setParameter(4, documents).setParameter(5, reasons).setParameter(6, ItemStatus.PENDING.value())
                .executeUpdate()).replaceWithVoid();
    }

    /** How many of the export's volumes are settled, and how many of those failed. */
    public Uni<int[]> counts(String exportId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(COUNTS, Object[].class)
                .setParameter(1, exportId).setParameter(2, ItemStatus.PENDING.value())
                .setParameter(3, ItemStatus.FAILED.value()).getSingleResult())
                .map(row -> new int[] {((Number) row[0]).intValue(), ((Number) row[1]).intValue()});
    }

    public Uni<List<ExportItem>> items(String exportId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ITEMS, Object[].class)
                .setParameter(1, exportId).getResultList())
                .map(rows -> rows.stream().map(row -> new ExportItem((String) row[0], (String) row[1],
                        status((String) row[2]), (String) row[3], (String) row[4])).toList());
    }

    /** Newest first. */
    public Uni<List<ReplicaExport>> newestFirst(int limit) {
        return find("order by createdAt desc, id desc").page(0, limit).list();
    }

    static ItemStatus status(String value) {
        return Arrays.stream(ItemStatus.values()).filter(s -> s.value().equals(value)).findFirst().orElseThrow();
    }
}
