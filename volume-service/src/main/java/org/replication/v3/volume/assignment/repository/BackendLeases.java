package org.replication.v3.volume.assignment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Table {@code backend_lease}: claims and renewals are single-row conditional updates timed by PostgreSQL's
 * {@code now()}, so clock skew between instances plays no part and the row lock serializes rivals (docs/sites.md
 * section 3). Each method runs in the caller's transaction.
 */
@ApplicationScoped
public class BackendLeases {

    /** Thrown inside a transaction that records backend work under a lease this instance no longer holds. */
    public static final class LeaseLost extends IllegalStateException {
        public LeaseLost(String message) {
            super(message);
        }
    }

    /**
     * Takes the lease at the next epoch if nobody holds it: unowned, or expired for longer than {@code wait} (the
     * margin; plus one more lease for an instance that is not the backend's preferred one). The new epoch, or empty.
     */
    public Uni<OptionalLong> claim(String backend, String instance, Duration lease, Duration wait) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "insert into backend_lease (backend) values (?1) on conflict do nothing")
                        .setParameter(1, backend).executeUpdate()
                        .chain(() -> session.createNativeQuery("update backend_lease set owner = ?2,"
                                        + " epoch = epoch + 1, expires_at = now() + ?3 * interval '1 millisecond'"
                                        + " where backend = ?1 and (owner is null"
                                        + " or expires_at < now() - ?4 * interval '1 millisecond')")
                                .setParameter(1, backend).setParameter(2, instance)
                                .setParameter(3, lease.toMillis()).setParameter(4, wait.toMillis())
                                .executeUpdate())
                        .chain(updated -> updated == 0 ? Uni.createFrom().item(OptionalLong.empty())
                                : epochOf(backend, instance)));
    }

    /** Extends the lease held at {@code epoch}; false when it is someone else's now (stop at once). */
    public Uni<Boolean> renew(String backend, String instance, long epoch, Duration lease) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("update backend_lease"
                                + " set expires_at = now() + ?4 * interval '1 millisecond'"
                                + " where backend = ?1 and owner = ?2 and epoch = ?3")
                        .setParameter(1, backend).setParameter(2, instance).setParameter(3, epoch)
                        .setParameter(4, lease.toMillis()).executeUpdate())
                .map(updated -> updated == 1);
    }

    /**
     * Moves a held lease's epoch past {@code above}, an epoch an array has recorded for the key (a database
     * restored from a backup, or emptied, forgot it): the arrays would refuse every call at the lower one.
     */
    public Uni<OptionalLong> raise(String backend, String instance, long epoch, long above) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("update backend_lease"
                                + " set epoch = ?4 + 1 where backend = ?1 and owner = ?2 and epoch = ?3 and epoch <= ?4")
                        .setParameter(1, backend).setParameter(2, instance).setParameter(3, epoch)
                        .setParameter(4, above).executeUpdate())
                .chain(updated -> updated == 0 ? Uni.createFrom().item(OptionalLong.empty())
                        : epochOf(backend, instance));
    }

    /**
     * Fencing in PostgreSQL: fails the caller's transaction unless this instance still holds the lease at
     * {@code epoch}. The row stays share-locked until the transaction ends, so no claim can slip in between this
     * check and the commit: a stale owner's result is rolled back, never recorded beside its successor's.
     */
    public Uni<Void> checkHeld(String backend, String instance, long epoch) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select epoch from backend_lease"
                                + " where backend = ?1 and owner = ?2 and epoch = ?3 for share", Long.class)
                        .setParameter(1, backend).setParameter(2, instance).setParameter(3, epoch)
                        .getResultList())
                .invoke(rows -> {
                    if (rows.isEmpty()) {
                        throw new LeaseLost("instance " + instance + " no longer holds the lease of " + backend
                                + " at epoch " + epoch + "; its result is not recorded");
                    }
                })
                .replaceWithVoid();
    }

    /** Gives the lease up (a stop): the epoch is kept, so the next holder's is higher. */
    public Uni<Void> release(String backend, String instance, long epoch) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("update backend_lease"
                                + " set owner = null, expires_at = now() where backend = ?1 and owner = ?2 and epoch = ?3")
                        .setParameter(1, backend).setParameter(2, instance).setParameter(3, epoch).executeUpdate())
                .replaceWithVoid();
    }

    /** Whether another instance of {@code site} has said it is alive within {@code within}. */
    public Uni<Boolean> aliveIn(String site, String besides, Duration within) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select count(*) from"
                                + " volume_instance where site = ?1 and instance <> ?2"
                                + " and seen_at > now() - ?3 * interval '1 millisecond'", Long.class)
                        .setParameter(1, site).setParameter(2, besides).setParameter(3, within.toMillis())
                        .getSingleResult())
                .map(count -> count > 0);
    }

    /** This instance is alive and reaches these arrays (a JSON object of booleans by array name). */
    public Uni<Void> seen(String instance, String site, String reaches) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("insert into volume_instance"
                                + " (instance, site, reaches, seen_at) values (?1, ?2, cast(?3 as jsonb), now())"
                                + " on conflict (instance) do update set site = excluded.site,"
                                + " reaches = excluded.reaches, seen_at = excluded.seen_at")
                        .setParameter(1, instance).setParameter(2, site).setParameter(3, reaches).executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<OptionalLong> epochOf(String backend, String instance) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                                "select epoch from backend_lease where backend = ?1 and owner = ?2", Long.class)
                        .setParameter(1, backend).setParameter(2, instance).getResultList())
                .map(BackendLeases::first);
    }

    private static OptionalLong first(List<Long> rows) {
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }
}
