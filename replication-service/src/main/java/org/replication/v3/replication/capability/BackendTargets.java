package org.replication.v3.replication.capability;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.replication.v3.common.replication.ReplicationTarget;

/**
 * What a backend last reported about its replication targets, and when.
 *
 * @param backendHost host@backend
 */
public record BackendTargets(String backendHost, Instant reportedAt, List<ReplicationTarget> targets) {

    public BackendTargets {
        targets = List.copyOf(targets);
    }

    public Optional<ReplicationTarget> target(String backendId) {
        return targets.stream().filter(t -> t.backendId().equals(backendId)).findFirst();
    }
}
