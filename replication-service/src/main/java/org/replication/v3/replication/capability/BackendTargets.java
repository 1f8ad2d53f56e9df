package org.replication.v3.replication.capability;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * What a backend last reported about its replication targets, when, and from which volume-service instance: each
 * target's {@code reachable} is what that instance reaches.
 *
 * @param backendHost    host@backend
 * @param reportedBy     the reporting instance, or null when its volume-service does not say
 * @param arrayReachable whether the backend's own array answered that instance (null: unknown)
 */
public record BackendTargets(String backendHost, Instant reportedAt, List<ReplicationTarget> targets,
        String reportedBy, Boolean arrayReachable) {

    public BackendTargets {
        targets = List.copyOf(targets);
    }

    public Optional<ReplicationTarget> target(String backendId) {
        return targets.stream().filter(t -> t.backendId().equals(backendId)).findFirst();
    }
}
