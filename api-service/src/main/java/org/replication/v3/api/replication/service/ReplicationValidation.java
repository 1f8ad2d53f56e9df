package org.replication.v3.api.replication.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.GlobalReplicationDefaults;
import org.replication.v3.common.replication.InvalidReplicationSpec;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationSettings;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.ScopeExclusivity;
import org.replication.v3.common.replication.TargetCompatibility;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeHost;

/**
 * The API's share of replication validation: what is knowable when a type is written or a volume is requested is
 * refused there with a 400 naming each value and why, so that nothing is stored that placement would refuse
 * later. The rules are common's; the scheduler checks each candidate location again.
 */
@ApplicationScoped
public class ReplicationValidation {

    private static final String VOLUME_BACKEND_NAME = "volume_backend_name";

    private final BackendReports reports;
    private final GlobalReplicationDefaults globalDefaults;

    public ReplicationValidation(BackendReports reports, GlobalReplicationDefaults globalDefaults) {
        this.reports = reports;
        this.globalDefaults = globalDefaults;
    }

    /**
     * Checks a volume type's extra specs as they would be stored; when they name a backend whose reports are known,
     * also that at least one of its pools has a target that can do what they ask.
     *
     * @throws ApiException 400 naming each problem
     */
    public Uni<Void> checkVolumeType(Map<String, String> extraSpecs) {
        ReplicationSpecs specs = volumeTypeSpecs(extraSpecs);
        String backendName = extraSpecs.get(VOLUME_BACKEND_NAME);
        if (!specs.replicated() || backendName == null) {
            return Uni.createFrom().voidItem();
        }
        return reports.all().invoke(all -> {
            List<BackendReport> named = all.stream()
                    .filter(report -> backendName.equals(report.volumeBackendName())).toList();
            Set<String> problems = new LinkedHashSet<>();
            for (BackendReport backend : named) {
                for (PoolCapabilities pool : backend.pools()) {
                    List<String> ofPool = targetProblems(specs, backend, pool);
                    if (ofPool.isEmpty()) {
                        return;
                    }
                    problems.addAll(ofPool);
                }
            }
            if (!problems.isEmpty()) {
                throw invalid(List.copyOf(problems));
            }
        }).replaceWithVoid();
    }

    /** @throws ApiException 400 naming each value of the group specs that cannot be read or contradicts another */
    public void checkGroupType(Map<String, String> groupSpecs) {
        try {
            ReplicationSpecs.ofGroupType(groupSpecs);
        } catch (InvalidReplicationSpec e) {
            throw invalid(e.problems());
        }
    }

    /**
     * Whether a volume of this type may be replicated as its group is (or outside any group).
     *
     * @param groupSpecs the group type's specs, or null when the volume is in no group
     * @throws ApiException 400 naming the conflict
     */
    public void checkVolumeInGroup(Map<String, String> volumeTypeSpecs, Map<String, String> groupSpecs) {
        ReplicationSpecs groupType;
        try {
            groupType = groupSpecs == null ? ReplicationSpecs.NONE : ReplicationSpecs.ofGroupType(groupSpecs);
        } catch (InvalidReplicationSpec e) {
            throw invalid(e.problems());
        }
        List<String> problems = ScopeExclusivity.problems(groupType, volumeTypeSpecs(volumeTypeSpecs));
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    /**
     * Whether an existing volume may join a group (update_group's add_volumes), by the rules a volume created in
     * that group follows: its type and the group's type must not conflict, and, for a group that replicates, the
     * volume must not already be replicated by another unit (itself, its pool, its backend), its pool must not be
     * replicated as a whole, and it must end up replicating as the group's volumes do (one mode, one target), since
     * a group fails over as one consistent image.
     *
     * @param groupSpecs the group type's specs
     * @param members    the replication of the group's volumes now (null for those not replicated)
     * @return each problem, worded to follow "because"; empty when the volume may join
     */
    public Uni<List<String>> joinProblems(Map<String, String> groupSpecs, Map<String, String> volumeTypeSpecs,
            String host, VolumeReplication current, String currentStatus, List<VolumeReplication> members) {
        ReplicationSpecs groupType;
        ReplicationSpecs volumeType;
        try {
            groupType = ReplicationSpecs.ofGroupType(groupSpecs);
            volumeType = ReplicationSpecs.ofVolumeType(volumeTypeSpecs);
        } catch (InvalidReplicationSpec e) {
            return Uni.createFrom().item(e.problems());
        }
        if (!groupType.replicated()) {
            return Uni.createFrom().item(ScopeExclusivity.problems(groupType, volumeType));
        }
        Set<String> problems = new LinkedHashSet<>();
        if (current != null && current.scope() != ReplicationScope.GROUP
                && !ReplicationStatus.DISABLED.value().equals(currentStatus)) {
            problems.add("it is replicated " + (current.scope() == ReplicationScope.VOLUME ? "on its own" : "with its "
                    + current.scope().value()) + " (" + ReplicationSpecs.SCOPE + "=" + current.scope().value()
                    + "), and a volume of a replicated group is replicated only as the group is");
        }
        VolumeHost location = VolumeHost.parse(host);
        return reports.find(location.backendHost()).map(report -> {
            ReplicationDefaults defaults = report == null ? ReplicationDefaults.NONE : report.pools().stream()
                    .filter(pool -> pool.name().equals(location.pool())).findFirst()
                    .map(PoolCapabilities::replication).orElse(ReplicationDefaults.NONE);
            problems.addAll(ScopeExclusivity.problems(groupType, volumeType, defaults, host));
            ReplicationSettings settings = ReplicationPrecedence.resolve(groupType, volumeType, defaults,
                    globalDefaults.asDefaults());
            members.stream().filter(member -> member != null && member.scope() == ReplicationScope.GROUP)
                    .findFirst().ifPresent(group -> {
                        if (group.mode() != settings.mode().value()
                                || !Objects.equals(group.target(), settings.target().value())) {
                            problems.add("it would replicate " + replicationOf(settings.mode().value(),
                                    settings.target().value()) + ", but the group's volumes replicate "
                                    + replicationOf(group.mode(), group.target()) + ", and a group's volumes"
                                    + " replicate alike");
                        }
                    });
            return List.copyOf(problems);
        });
    }

    private static String replicationOf(ReplicationMode mode, String target) {
        return mode.value() + " to " + (target == null ? "the backend's first target" : target);
    }

    private List<String> targetProblems(ReplicationSpecs specs, BackendReport backend, PoolCapabilities pool) {
        if (backend.replicationTargets().isEmpty()) {
            return List.of("backend " + backend.host() + " (" + VOLUME_BACKEND_NAME + "=" + backend.volumeBackendName()
                    + ") has no replication target");
        }
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE, specs,
                pool.replication(), globalDefaults.asDefaults());
        String wanted = settings.target().value();
        List<ReplicationTarget> candidates = backend.replicationTargets().stream()
                .filter(target -> wanted == null || target.backendId().equals(wanted)).toList();
        if (candidates.isEmpty()) {
            return List.of(ReplicationSpecs.TARGET + "=" + wanted + " is not a target of backend " + backend.host());
        }
        Set<String> problems = new LinkedHashSet<>();
        for (ReplicationTarget target : candidates) {
            List<String> ofTarget = TargetCompatibility.problems(settings, target);
            if (ofTarget.isEmpty()) {
                return List.of();
            }
            problems.addAll(ofTarget);
        }
        return List.copyOf(problems);
    }

    private static ReplicationSpecs volumeTypeSpecs(Map<String, String> extraSpecs) {
        try {
            return ReplicationSpecs.ofVolumeType(extraSpecs);
        } catch (InvalidReplicationSpec e) {
            throw invalid(e.problems());
        }
    }

    private static ApiException invalid(List<String> problems) {
        return ApiException.badRequest("Invalid replication settings: " + String.join("; ", problems) + ".");
    }
}
