package org.replication.v3.replication.operation.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.replication.capability.BackendTargets;
import org.replication.v3.replication.volume.VolumeReplica;

/**
 * Checks a planned switch against what each backend last reported: its volume-service is alive to run it, and
 * the target exists, can do the scope and each volume's mode, and answers. Pure, like the planner.
 */
final class TargetCheck {

    private TargetCheck() {
    }

    /** Why the switch cannot run, naming the backend, target and value; null when it can. */
    static String refusal(FailoverRequested request, List<VolumeReplica> switching,
            Map<String, BackendTargets> reports, Instant now, Duration downAfter) {
        Map<String, List<VolumeReplica>> byBackend = switching.stream()
                .collect(Collectors.groupingBy(v -> v.backendHost(), TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<VolumeReplica>> backend : byBackend.entrySet()) {
            BackendTargets report = reports.get(backend.getKey());
            if (report == null) {
                return "backend " + backend.getKey() + " has never reported its capabilities: no volume-service is"
                        + " known to run it";
            }
            if (report.reportedAt().plus(downAfter).isBefore(now)) {
                return "backend " + backend.getKey() + " has not reported since " + report.reportedAt()
                        + " (down after " + downAfter.toSeconds() + " s): its volume-service cannot run the "
                        + request.action().value();
            }
            String problem = targetProblem(request, backend.getKey(), backend.getValue(), report);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String targetProblem(FailoverRequested request, String backend, List<VolumeReplica> volumes,
            BackendTargets report) {
        Set<String> targetIds = new LinkedHashSet<>();
        volumes.forEach(v -> targetIds.add(request.target() != null ? request.target() : v.target()));
        for (String targetId : targetIds) {
            ReplicationTarget target = report.target(targetId).orElse(null);
            if (target == null) {
                return "target " + targetId + " is not a replication target of backend " + backend + " (it reports: "
                        + (report.targets().isEmpty() ? "none"
                        : report.targets().stream().map(ReplicationTarget::backendId).collect(Collectors.joining(", ")))
                        + ")";
            }
            if (request.action() == FailoverAction.FAILOVER && !target.scopes().isEmpty()
                    && !target.scopes().contains(request.scope())) {
                return "target " + targetId + " of backend " + backend + " cannot fail over at " + request.scope()
                        .value() + " scope (it supports: " + target.scopes().stream().map(s -> s.value()).sorted()
                        .collect(Collectors.joining(", ")) + ")";
            }
            for (VolumeReplica volume : volumes) {
                ReplicationMode mode = ReplicationMode.of(volume.mode());
                if (targetId.equals(volume.target()) && !target.modes().contains(mode)) {
                    return "target " + targetId + " of backend " + backend + " does not support " + mode.value()
                            + " replication, which volume " + volume.volumeId() + " uses";
                }
            }
            if (Boolean.FALSE.equals(target.reachable())) {
                return "target " + targetId + " of backend " + backend + " did not answer at its last report ("
                        + report.reportedAt() + "): the " + request.action().value() + " needs it reachable";
            }
        }
        return null;
    }
}
