package org.replication.v3.scheduler.placement.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.GlobalReplicationDefaults;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationSettings;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.ScopeExclusivity;
import org.replication.v3.common.replication.TargetCompatibility;

/**
 * The scheduler's replication check of one candidate pool: the scopes must not conflict with the pool (one
 * replicated as a whole takes no volume replicated on its own), and when the volume is to be replicated there, the
 * backend must have a target that can do what the effective settings ask (the one named by
 * {@code replication_target}, or any). The API refuses what it can know earlier; this is where the location is
 * known, so the backend's defaults take part.
 */
@ApplicationScoped
public class ReplicationFilter {

    private final GlobalReplicationDefaults globalDefaults;

    public ReplicationFilter(GlobalReplicationDefaults globalDefaults) {
        this.globalDefaults = globalDefaults;
    }

    /** Why the pool cannot take a volume of this type in this group; empty when it can. */
    public Optional<String> refusal(ReplicationSpecs groupType, ReplicationSpecs volumeType,
            BackendCapabilities backend, PoolCapabilities pool) {
        String location = backend.host() + "#" + pool.name();
        List<String> conflicts = ScopeExclusivity.problems(groupType, volumeType, pool.replication(), location);
        if (!conflicts.isEmpty()) {
            return Optional.of(String.join("; ", conflicts));
        }
        ReplicationSettings settings = ReplicationPrecedence.resolve(groupType, volumeType, pool.replication(),
                globalDefaults.asDefaults());
        if (!settings.replicated()) {
            return Optional.empty();
        }
        List<ReplicationTarget> targets = backend.replicationTargets();
        if (targets.isEmpty()) {
            return Optional.of("replication is asked for (" + ReplicationSpecs.ENABLED + " from "
                    + settings.enabled().source().value() + ") but backend " + backend.host()
                    + " has no replication target");
        }
        String wanted = settings.target().value();
        List<ReplicationTarget> candidates = targets.stream()
                .filter(target -> wanted == null || target.backendId().equals(wanted)).toList();
        if (candidates.isEmpty()) {
            return Optional.of(ReplicationSpecs.TARGET + "=" + wanted + " is not a target of backend "
                    + backend.host() + ", whose targets are " + targets.stream().map(ReplicationTarget::backendId)
                            .sorted().collect(Collectors.joining(", ")));
        }
        List<String> problems = new ArrayList<>();
        for (ReplicationTarget target : candidates) {
            List<String> ofTarget = TargetCompatibility.problems(settings, target);
            if (ofTarget.isEmpty()) {
                return Optional.empty();
            }
            problems.addAll(ofTarget);
        }
        return Optional.of(String.join("; ", problems));
    }
}
