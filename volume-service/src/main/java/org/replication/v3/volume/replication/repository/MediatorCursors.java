package org.replication.v3.volume.replication.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where each backend's reading of its mediator's decisions stands (table {@code mediator_cursor}). */
@ApplicationScoped
public class MediatorCursors {

    /** Every backend's cursor, by backend name. */
    public Uni<Map<String, Long>> all() {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select backend, seq from mediator_cursor", Object[].class).getResultList())
                .map(MediatorCursors::byBackend);
    }

    public Uni<Void> save(String backend, long seq) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into mediator_cursor (backend, seq) values (?1, ?2)"
                                + " on conflict (backend) do update set seq = excluded.seq")
                .setParameter(1, backend).setParameter(2, seq).executeUpdate()).replaceWithVoid();
    }

    private static Map<String, Long> byBackend(List<Object[]> rows) {
        Map<String, Long> cursors = new HashMap<>();
        rows.forEach(row -> cursors.put((String) row[0], ((Number) row[1]).longValue()));
        return cursors;
    }
}
