package org.replication.v3.api.crosscloud.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.crosscloud.ImportItem;
import org.replication.v3.api.crosscloud.ItemStatus;
import org.replication.v3.api.crosscloud.ReplicaImport;

/** Imports and their per-volume items. */
@ApplicationScoped
public class ReplicaImportRepository implements PanacheRepositoryBase<ReplicaImport, String> {

    /** Serializes the duplicate checks and the insert of concurrent imports. */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('replica_import'))";
    private static final String IMPORTED_AMONG = "select document_id, volume_id from replica_import_item"
            + " where status <> ?1 and document_id = any(cast(?2 as varchar[]))";
    private static final String INSERT_ITEMS = """
            insert into replica_import_item (import_id, volume_id, document_id, host, status)
            select ?1, v.volume_id, v.document_id, v.host, ?5
            from unnest(cast(?2 as varchar[]), cast(?3 as varchar[]), cast(?4 as varchar[]))
                 as v(volume_id, document_id, host)
            """;
    private static final String SETTLE_ITEMS = """
            update replica_import_item i set status = r.status, reason = r.reason
            from unnest(cast(?2 as varchar[]), cast(?3 as varchar[]), cast(?4 as text[]))
                 as r(volume_id, status, reason)
            where i.import_id = ?1 and i.volume_id = r.volume_id and i.status = ?5
            """;
    private static final String COUNTS = """
            select count(*) filter (where status <> ?2), count(*) filter (where status = ?3)
            from replica_import_item where import_id = ?1
            """;
    private static final String ITEMS = "select volume_id, document_id, host, status, reason from replica_import_item"
            + " where import_id = ?1 order by volume_id";

    public Uni<Void> lockForRequests() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK).getResultList())
                .replaceWithVoid();
    }

    /** The volume each of {@code documentIds} was imported as (imports that failed left out), by document id. */
    public Uni<Map<String, String>> importedAmong(List<String> documentIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(IMPORTED_AMONG, Object[].class)
                .setParameter(1, ItemStatus.FAILED.value()).setParameter(2, documentIds.toArray(String[]::new))
                .getResultList()).map(rows -> {
                    Map<String, String> found = new LinkedHashMap<>();
                    rows.forEach(row -> found.put((String) row[0], (String) row[1]));
                    return found;
                });
    }

    public Uni<Void> addItems(String importId, List<String> volumeIds, List<String> documentIds, List<String> hosts) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT_ITEMS)
                .setParameter(1, importId).setParameter(2, volumeIds.toArray(String[]::new))
                .setParameter(3, documentIds.toArray(String[]::new)).setParameter(4, hosts.toArray(String[]::new))
                .setParameter(5, ItemStatus.PENDING.value()).executeUpdate()).replaceWithVoid();
    }

    /** Settles pending items; a settled one stays as it is. */
    public Uni<Void> settle(String importId, String[] volumeIds, String[] statuses, String[] reasons) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SETTLE_ITEMS)
                .setParameter(1, importId).setParameter(2, volumeIds).setParameter(3, statuses)
                .setParameter(4, reasons).setParameter(5, ItemStatus.PENDING.value()).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<int[]> counts(String importId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(COUNTS, Object[].class)
                .setParameter(1, importId).setParameter(2, ItemStatus.PENDING.value())
                .setParameter(3, ItemStatus.FAILED.value()).getSingleResult())
                .map(row -> new int[] {((Number) row[0]).intValue(), ((Number) row[1]).intValue()});
    }

    public Uni<List<ImportItem>> items(String importId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(ITEMS, Object[].class)
                .setParameter(1, importId).getResultList())
                .map(rows -> rows.stream().map(row -> new ImportItem((String) row[0], (String) row[1],
                        (String) row[2], ReplicaExportRepository.status((String) row[3]), (String) row[4])).toList());
    }
}
