package org.replication.v3.api.limit.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts a project's usage from its volumes, as Cinder's quota usages hold it: every volume not deleted counts,
 * an errored one too, until it is deleted.
 */
@ApplicationScoped
public class UsageCounter {

    private static final String VOLUMES = "select count(v), coalesce(sum(v.size), 0) from Volume v"
            + " where v.projectId = :project and v.deletedAt is null";

    @WithSession
    public Uni<Usage> of(String projectId) {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(VOLUMES, Object[].class)
                .setParameter("project", projectId)
                .getSingleResult())
                .map(row -> new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }
}
