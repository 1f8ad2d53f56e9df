package org.replication.v3.replication.operation.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Checks a planned switch against what each backend last reported. Pure, like the planner. Two kinds of checks:
 * <ul>
 * <li>Configuration: the backend has reported at all, and the target is one of its targets and can do the scope
 * and each volume's mode. Always refused: no word of the operator changes what the driver can do.</li>
 * <li>Liveness and reach: the backend's last report, from whichever volume-service instance sent it, is younger
 * than {@code backend-down-after}; and the target answered that instance. Refused, unless a failover is forced
 * with a reason: then each becomes a warning of the plan. The operator vouches that the primary is down, and the
 * switch waits for an instance that runs the backend and reaches the target.</li>
 * </ul>
 * Whether the backend's own array answers never matters: that it does not is when a failover is needed.
 */
final class TargetCheck {

    private TargetCheck() {
    }

    /**
     * What the reports say of a switch: why it cannot run (null when it can), and what it runs despite.
     *
     * @param warnings the liveness and reach problems a forced failover was accepted with
     */
    record Verdict(String refusal, List<String> warnings) {

        Verdict {
            warnings = List.copyOf(warnings);
        }

        static Verdict refused(String why) {
            return new Verdict(why, List.of());
        }
    }

    static Verdict check(FailoverRequested request, List<VolumeReplica> switching,
            Map<String, BackendTargets> reports, Instant now, Duration downAfter) {
        Map<String, List<VolumeReplica>> byBackend = switching.stream()
                .collect(Collectors.groupingBy(v -> v.backendHost(), TreeMap::new, Collectors.toList()));
        List<String> forcible = new ArrayList<>();
        for (Map.Entry<String, List<VolumeReplica>> backend : byBackend.entrySet()) {
            BackendTargets report = reports.get(backend.getKey());
            if (report == null) {
                // Nothing to check the configuration against, so not even force can vouch for it.
                return Verdict.refused("backend " + backend.getKey() + " has never reported its capabilities: no"
                        + " volume-service is known to run it");
            }
            String misconfigured = configurationProblem(request, backend.getKey(), backend.getValue(), report);
            if (misconfigured != null) {
                return Verdict.refused(misconfigured);
            }
            if (report.reportedAt().plus(downAfter).isBefore(now)) {
                forcible.add("backend " + backend.getKey() + " has not reported since " + report.reportedAt() + " ("
                        + (report.reportedBy() == null ? "" : "last report from " + report.reportedBy() + ", ")
                        + "down after " + downAfter.toSeconds() + " s): no live volume-service instance runs it to"
                        + " do the " + request.action().value());
            }
            forcible.addAll(unreachableTargets(request, backend.getKey(), backend.getValue(), report));
        }
        if (forcible.isEmpty()) {
            return new Verdict(null, List.of());
        }
        if (!request.force() || request.action() != FailoverAction.FAILOVER) {
            return Verdict.refused(forcible.get(0));
        }
        if (request.reason() == null || request.reason().isBlank()) {
            return Verdict.refused("force needs a reason to override: " + forcible.get(0));
        }
        return new Verdict(null, forcible);
    }

    private static Set<String> targetIds(FailoverRequested request, List<VolumeReplica> volumes) {
        Set<String> targetIds = new LinkedHashSet<>();
        volumes.forEach(v -> targetIds.add(request.target() != null ? request.target() : v.target()));
        return targetIds;
    }

    private static String configurationProblem(FailoverRequested request, String backend,
            List<VolumeReplica> volumes, BackendTargets report) {
        for (String targetId : targetIds(request, volumes)) {
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
        }
        return null;
    }

    /** The targets the reporting instance did not reach: a switch to them has no instance to do it from. */
    private static List<String> unreachableTargets(FailoverRequested request, String backend,
            List<VolumeReplica> volumes, BackendTargets report) {
        List<String> problems = new ArrayList<>();
        for (String targetId : targetIds(request, volumes)) {
            if (Boolean.FALSE.equals(report.target(targetId).map(ReplicationTarget::reachable).orElse(null))) {
                problems.add("target " + targetId + " of backend " + backend + " answers no live volume-service"
                        + " instance (" + (report.reportedBy() == null ? "last report" : "last report from "
                        + report.reportedBy()) + " at " + report.reportedAt() + ")");
            }
        }
        return problems;
    }
}
