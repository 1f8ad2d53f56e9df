package org.replication.v3.replication.operation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.volume.ReplicatedVolume;

/**
 * Turns a request and the volumes its scope holds into a plan: which volumes switch, through which workflow, and
 * what it costs; or a refusal that says why. Pure: the caller loads the volumes and persists the result.
 */
public final class FailoverPlanner {

    private FailoverPlanner() {
    }

    /**
     * @param inScope     every replicated volume the request's scope names, whatever its status
     * @param overlapping the running operation already switching one of them, or null
     */
    public static FailoverPlan plan(FailoverRequested request, List<ReplicatedVolume> inScope, String overlapping) {
        String where = request.scope().value() + " " + String.join(", ", request.resources());
        if (request.scope() == ReplicationScope.VOLUME) {
            Set<String> known = inScope.stream().map(v -> v.volumeId).collect(Collectors.toSet());
            List<String> unknown = request.resources().stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                return FailoverPlan.refused("volume " + String.join(", ", unknown) + " is not replicated");
            }
        }
        String wanted = request.action() == FailoverAction.FAILOVER ? ReplicationStatus.FAILED_OVER.value()
                : ReplicationStatus.ENABLED.value();
        List<ReplicatedVolume> switching = inScope.stream()
                .filter(v -> !wanted.equals(v.replicationStatus))
                .filter(v -> request.action() == FailoverAction.FAILOVER
                        || !ReplicationStatus.ENABLED.value().equals(v.replicationStatus))
                .toList();
        if (switching.isEmpty()) {
            return FailoverPlan.refused(inScope.isEmpty() ? "no replicated volume in " + where
                    : "every replicated volume in " + where + " is already " + wanted);
        }
        if (request.target() != null) {
            List<String> elsewhere = switching.stream().filter(v -> !request.target().equals(v.target))
                    .map(v -> v.volumeId + " (replicates to " + v.target + ")").toList();
            if (!elsewhere.isEmpty()) {
                return FailoverPlan.refused("target " + request.target() + " is not the replication target of "
                        + String.join(", ", elsewhere));
            }
        }
        if (overlapping != null) {
            return FailoverPlan.refused("overlaps running operation " + overlapping);
        }
        return new FailoverPlan(switching, plan(request, switching), null);
    }

    private static OperationChanged.Plan plan(FailoverRequested request, List<ReplicatedVolume> volumes) {
        Map<String, Integer> byBackend = new TreeMap<>();
        volumes.forEach(v -> byBackend.merge(v.backendHost, 1, Integer::sum));
        String workflow = workflow(request, volumes.size(), byBackend.size());
        if (request.action() == FailoverAction.FAILBACK) {
            return new OperationChanged.Plan(workflow, byBackend, FailoverExpectations.DataLoss.NONE.value(), null,
                    FailoverExpectations.Downtime.MANUAL_FAILOVER.value());
        }
        Integer maxRpo = volumes.stream().filter(v -> ReplicationMode.ASYNC.value().equals(v.mode))
                .map(v -> v.rpoSeconds).filter(Objects::nonNull).max(Integer::compare).orElse(null);
        boolean anyAsync = volumes.stream().anyMatch(v -> ReplicationMode.ASYNC.value().equals(v.mode));
        boolean allMediated = volumes.stream().allMatch(v -> v.mediator);
        FailoverExpectations.DataLoss loss = !anyAsync ? FailoverExpectations.DataLoss.NONE
                : maxRpo == null ? FailoverExpectations.DataLoss.UNKNOWN : FailoverExpectations.DataLoss.BOUNDED_BY_RPO;
        return new OperationChanged.Plan(workflow, byBackend, loss.value(), anyAsync ? maxRpo : null,
                (allMediated && !anyAsync ? FailoverExpectations.Downtime.AUTOMATIC_FAILOVER
                        : FailoverExpectations.Downtime.MANUAL_FAILOVER).value());
    }

    private static String workflow(FailoverRequested request, int volumes, int backends) {
        String verb = request.action() == FailoverAction.FAILOVER ? "fail over" : "fail back";
        String calls = backends == 1 ? "one driver call" : "one driver call per backend (" + backends + ")";
        String tail = request.action() == FailoverAction.FAILBACK
                ? "; each primary is resynced from the target first, discarding what it had not passed on" : "";
        return switch (request.scope()) {
            case BACKEND -> "backend " + verb + ": the backend's " + volumes + " replicated volumes in " + calls
                    + ", then the service is marked " + (request.action() == FailoverAction.FAILOVER
                    ? "failed-over with its active backend" : "enabled again") + tail;
            case POOL -> "pool " + verb + ": the pool's " + volumes + " replicated volumes in " + calls + tail;
            case GROUP -> "group " + verb + ": the group's " + volumes + " volumes together, in " + calls
                    + " (crash-consistent)" + tail;
            case VOLUME -> "volume " + verb + ": " + volumes + " volume(s) in " + calls + tail;
        };
    }
}
