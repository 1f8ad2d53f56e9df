package org.replication.v3.replication.operation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Mediated sync volumes whose primary the mediator reported lost, since when, and whether their automatic failover
 * was started. A loss is kept once failed over, so that a later record of the same loss starts nothing more; the
 * primary's recovery deletes it.
 */
@ApplicationScoped
public class LostPrimaries {

    private static final String NOTE = "insert into primary_lost (volume_id, lost_since, reason)"
            + " select v, now(), ?2 from unnest(cast(?1 as text[])) as v on conflict do nothing";
    private static final String FORGET = "delete from primary_lost where volume_id = any(cast(?1 as text[]))";
    private static final String TAKE = "update primary_lost set failed_over_at = now() where failed_over_at is null"
            + " and lost_since < now() - make_interval(secs => ?1) returning volume_id, reason";
    private static final String TAKE_PROMOTED = "insert into primary_lost (volume_id, lost_since, reason,"
            + " failed_over_at) select v, now(), ?2, now() from unnest(cast(?1 as text[])) as v"
            + " on conflict (volume_id) do update set failed_over_at = now()"
            + " where primary_lost.failed_over_at is null returning volume_id";

    /** A volume whose primary has been lost, with the mediator's reason. */
    public record LostPrimary(String volumeId, String reason) {
    }

    /** Notes the losses; a loss already noted keeps its first time, so the grace period is not restarted. */
    public Uni<Void> noteLost(List<String> volumeIds, String reason) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(NOTE)
                .setParameter(1, volumeIds.toArray(String[]::new)).setParameter(2, reason).executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> forget(List<String> volumeIds) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FORGET)
                .setParameter(1, volumeIds.toArray(String[]::new)).executeUpdate()).replaceWithVoid();
    }

    /**
     * Takes the losses whose target the mediator has already promoted, without waiting for the grace period: the
     * volumes not taken before (by the grace period or an earlier record of the same promote).
     */
    public Uni<List<String>> takePromoted(List<String> volumeIds, String reason) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TAKE_PROMOTED, String.class)
                .setParameter(1, volumeIds.toArray(String[]::new)).setParameter(2, reason).getResultList());
    }

    /** Takes and returns the losses older than {@code grace}: each is failed over once. */
    public Uni<List<LostPrimary>> takeLostLongerThan(Duration grace) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TAKE, Object[].class)
                .setParameter(1, (double) grace.toMillis() / 1000)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new LostPrimary((String) row[0], (String) row[1])).toList());
    }
}
