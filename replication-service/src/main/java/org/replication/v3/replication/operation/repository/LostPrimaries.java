package org.replication.v3.replication.operation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/** Mediated sync volumes whose primary the mediator reported lost, and since when. */
@ApplicationScoped
public class LostPrimaries {

    private static final String NOTE = "insert into primary_lost (volume_id, lost_since, reason)"
            + " values (?1, now(), ?2) on conflict do nothing";
    private static final String FORGET = "delete from primary_lost where volume_id = ?1";
    private static final String TAKE = "update primary_lost set failed_over_at = now() where failed_over_at is null"
            + " and lost_since < now() - make_interval(secs => ?1) returning volume_id, reason";
    private static final String TAKE_PROMOTED = "insert into primary_lost (volume_id, lost_since, reason, failed_over_at)"
            + " values (?1, now(), ?2, now()) on conflict (volume_id) do update set failed_over_at = now()"
            + " where primary_lost.failed_over_at is null returning volume_id";

    /** A volume whose primary has been lost, with the mediator's reason. */
    public record LostPrimary(String volumeId, String reason) {
    }

    /** Notes the loss; a loss already noted keeps its first time, so the grace period is not restarted. */
    public Uni<Void> noteLost(String volumeId, String reason) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(NOTE)
                .setParameter(1, volumeId).setParameter(2, reason).executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> forget(String volumeId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FORGET)
                .setParameter(1, volumeId).executeUpdate()).replaceWithVoid();
    }

    /**
     * Takes a loss whose target the mediator has already promoted, without waiting for the grace period: true
     * unless it was taken before (by the grace period or an earlier record of the same promote).
     */
    public Uni<Boolean> takePromoted(String volumeId, String reason) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TAKE_PROMOTED)
                .setParameter(1, volumeId).setParameter(2, reason).getResultList())
                .map(rows -> !rows.isEmpty());
    }

    /** Takes and returns the losses older than {@code grace}: each is failed over once. */
    public Uni<List<LostPrimary>> takeLostLongerThan(Duration grace) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TAKE, Object[].class)
                .setParameter(1, (double) grace.toMillis() / 1000)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new LostPrimary((String) row[0], (String) row[1])).toList());
    }
}
