package org.replication.v3.common.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Whether a replication target can do what the effective settings ask; one sentence per thing it cannot. */
public final class TargetCompatibility {

    private TargetCompatibility() {
    }

    public static List<String> problems(ReplicationSettings settings, ReplicationTarget target) {
        if (!settings.replicated()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String name = "target " + target.backendId();
        ReplicationMode mode = settings.mode().value();
        if (mode != null && !target.modes().contains(mode)) {
            problems.add(ReplicationSpecs.MODE + "=" + mode.value() + " (from " + settings.mode().source().value()
                    + ") is not supported by " + name + ", which supports " + values(target.modes()));
        }
        if (mode == ReplicationMode.SYNC && target.crossOs()) {
            problems.add(ReplicationSpecs.MODE + "=sync cannot reach " + name + " in another OpenStack cloud"
                    + " (cross_os targets replicate async only: the distance makes every write wait)");
        }
        Integer rpo = settings.rpoSeconds().value();
        if (mode == ReplicationMode.ASYNC && rpo != null && target.minRpoSeconds() != null
                && rpo < target.minRpoSeconds()) {
            problems.add(ReplicationSpecs.RPO_SECONDS + "=" + rpo + " (from " + settings.rpoSeconds().source().value()
                    + ") is below the minimum RPO of " + name + ", " + target.minRpoSeconds() + " s");
        }
        SyncTopology topology = settings.syncTopology().value();
        if (mode == ReplicationMode.SYNC && topology != null && !target.syncTopologies().contains(topology)) {
            problems.add(ReplicationSpecs.SYNC_TOPOLOGY + "=" + topology.value() + " is not supported by " + name
                    + ", which supports " + values(target.syncTopologies()));
        }
        if (mode == ReplicationMode.SYNC && Boolean.TRUE.equals(settings.mediator().value()) && !target.mediator()) {
            problems.add(ReplicationSpecs.MEDIATOR + " is asked for but " + name + " has no mediator");
        }
        ReplicationScope scope = settings.scope().value();
        if (scope != null && !target.scopes().isEmpty() && !target.scopes().contains(scope)) {
            problems.add(ReplicationSpecs.SCOPE + "=" + scope.value() + " is not supported by " + name
                    + ", which replicates " + values(target.scopes()));
        }
        return problems;
    }

    private static String values(Set<? extends SpecValue> values) {
        return values.isEmpty() ? "none"
                : values.stream().map(SpecValue::value).sorted().collect(Collectors.joining(", "));
    }
}
