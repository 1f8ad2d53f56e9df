package org.replication.v3.volume.assignment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Table {@code waiting_command}: commands for a backend this instance did not own when they arrived. The owner
 * applies its own copy (every instance reads every command); a row whose id the shared inbox holds is done.
 */
@ApplicationScoped
public class WaitingCommands {

    /** A command still waiting: its record as received, and how long it has waited. */
    public record Waiting(long seq, String messageId, String record, long waitedMillis) {
    }

    public Uni<Void> add(String messageId, String backend, String record) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("insert into waiting_command"
                                + " (message_id, backend, record) values (?1, ?2, ?3) on conflict do nothing")
                        .setParameter(1, messageId).setParameter(2, backend).setParameter(3, record).executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets the backend's waiting commands that the inbox (of {@code consumer}) holds: they were applied. */
    public Uni<Integer> forgetApplied(String backend, String consumer) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("delete from waiting_command w"
                        + " where w.backend = ?1 and exists (select 1 from processed_message p"
                        + " where p.consumer = ?2 and p.message_id = w.message_id)")
                .setParameter(1, backend).setParameter(2, consumer).executeUpdate());
    }

    /** The backend's commands not applied yet, oldest first. */
    public Uni<List<Waiting>> waiting(String backend) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select seq, message_id, record,"
                                + " cast(extract(epoch from now() - waiting_at) * 1000 as bigint)"
                                + " from waiting_command where backend = ?1 order by seq", Object[].class)
                        .setParameter(1, backend).getResultList())
                .map(rows -> rows.stream().map(row -> new Waiting(((Number) row[0]).longValue(), (String) row[1],
                        (String) row[2], ((Number) row[3]).longValue())).toList());
    }

    public Uni<Void> forget(long seq) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "delete from waiting_command where seq = ?1").setParameter(1, seq).executeUpdate())
                .replaceWithVoid();
    }
}
