package org.replication.v3.scheduler.placement.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.ExtraSpecMatcher;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.replication.InvalidReplicationSpec;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.scheduler.capability.BackendState;
import org.replication.v3.scheduler.capability.service.CapabilityView;
import org.replication.v3.scheduler.cinderservice.service.ServiceStatusView;
import org.replication.v3.scheduler.config.SchedulerConfig;
import org.replication.v3.scheduler.placement.GroupPlacement;
import org.replication.v3.scheduler.placement.GroupSpecsColumn;

/**
 * Chooses a pool for a new volume as Cinder's filter scheduler does: drop backends that are down, disabled or
 * frozen by an operator, in another
 * availability zone, short of capacity or without the capabilities the volume type asks for; then take the
 * pool with the most free capacity (capacity weigher).
 * <p>
 * Groups are placed the same way, on a pool that satisfies the group specs and every volume type's extra specs at
 * once. A backend takes groups only if it reports {@value #GROUP_CAPABILITY} (whatever its value): that is the
 * capability Cinder drivers with group support report. A volume created in a group goes to the group's backend
 * (any of its pools), as Cinder's scheduler honours group_backend.
 * <p>
 * Replication is checked per pool by {@link ReplicationFilter}: scopes, target and what the target can do.
 */
@ApplicationScoped
public class Placement {

    static final String GROUP_CAPABILITY = "consistent_group_snapshot_enabled";

    private final CapabilityView view;
    private final ServiceStatusView statuses;
    private final Duration downAfter;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ReplicationFilter replication;
    private final GroupSpecsColumn groupSpecs;

    public Placement(CapabilityView view, ServiceStatusView statuses, SchedulerConfig config, MeterRegistry registry,
            ReplicationFilter replication, GroupSpecsColumn groupSpecs) {
        this.view = view;
        this.statuses = statuses;
        this.downAfter = config.backendDownAfter();
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.replication = replication;
        this.groupSpecs = groupSpecs;
    }

    /**
     * Where the volume goes, or why it cannot go anywhere. Reserves the capacity it hands out. Call in a session:
     * a volume of a group reads where its group was placed.
     */
    public Uni<PlacementDecision> place(ScheduleVolumeCreate request) {
        List<Map<String, String>> specs = List.of(request.extraSpecs() == null ? Map.of() : request.extraSpecs());
        // Disabled and frozen services are read first: placement skips them.
        return statuses.load().flatMap(loaded -> {
            if (request.groupId() == null) {
                return view.backends().map(backends -> decide(new Wanted(request.size(), request.availabilityZone(),
                        specs, null, false, Map.of()), backends));
            }
            return GroupPlacement.<GroupPlacement>findById(request.groupId()).flatMap(group -> {
                if (group == null) {
                    return Uni.createFrom().item(PlacementDecision.refused("No valid backend was found. Group "
                            + request.groupId() + " has not been placed on any backend."));
                }
                String backend = VolumeHost.parse(group.host).backendHost();
                Map<String, String> groupType = groupSpecs.read(group);
                return view.backends().map(backends -> decide(new Wanted(request.size(), request.availabilityZone(),
                        specs, backend, false, groupType), backends).inGroup(groupType));
            });
        });
    }

    /** Where the group goes, or why it cannot go anywhere; remembers the choice for the group's volumes. */
    public Uni<PlacementDecision> placeGroup(ScheduleGroupCreate request) {
        List<Map<String, String>> specs = new ArrayList<>();
        request.volumeTypes().forEach(type -> specs.add(type.extraSpecs() == null ? Map.of() : type.extraSpecs()));
        Map<String, String> groupType = request.groupSpecs() == null ? Map.of() : request.groupSpecs();
        return statuses.load().flatMap(loaded -> view.backends())
                .map(backends -> decide(new Wanted(0, request.availabilityZone(), specs, null, true, groupType),
                        backends))
                .call(decision -> {
                    if (!decision.isPlaced()) {
                        return Uni.createFrom().voidItem();
                    }
                    GroupPlacement placement = new GroupPlacement();
                    placement.groupId = request.groupId();
                    placement.host = decision.host();
                    placement.placedAt = clock.instant();
                    placement.groupSpecs = groupSpecs.write(request.groupSpecs());
                    return placement.persist();
                });
    }

    private PlacementDecision decide(Wanted request, Iterable<BackendState> backends) {
        ReplicationSpecs groupType;
        List<ReplicationSpecs> volumeTypes = new ArrayList<>();
        try {
            groupType = ReplicationSpecs.ofGroupType(request.groupSpecs());
            for (Map<String, String> one : request.specs()) {
                volumeTypes.add(ReplicationSpecs.ofVolumeType(one));
            }
        } catch (InvalidReplicationSpec e) {
            registry.counter("scheduler.placements", "outcome", "no_valid_backend").increment();
            return PlacementDecision.refused("No valid backend was found. Invalid replication settings: "
                    + e.getMessage() + ".");
        }
        if (volumeTypes.isEmpty()) {
            volumeTypes.add(ReplicationSpecs.NONE);
        }
        Instant upSince = clock.instant().minus(downAfter);
        Map<String, Integer> rejections = new LinkedHashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (BackendState backend : backends) {
            BackendCapabilities report = backend.report();
            if (backend.receivedAt().isBefore(upSince)) {
                reject(rejections, "backend down (no report for " + downAfter.toSeconds() + "s)");
                continue;
            }
            if (statuses.excluded(report.host())) {
                reject(rejections, "volume service disabled or frozen");
                continue;
            }
            if (request.availabilityZone() != null && !request.availabilityZone().equals(report.availabilityZone())) {
                reject(rejections, "availability zone is not " + request.availabilityZone());
                continue;
            }
            if (request.backend() != null && !request.backend().equals(report.host())) {
                reject(rejections, "not the backend of the group (" + request.backend() + ")");
                continue;
            }
            if (request.group() && !report.capabilities().containsKey(GROUP_CAPABILITY)) {
                reject(rejections, "backend does not support groups (reports no " + GROUP_CAPABILITY + ")");
                continue;
            }
            for (PoolCapabilities pool : report.pools()) {
                Map<String, String> capabilities = new HashMap<>(report.capabilities());
                capabilities.putAll(pool.capabilities());
                // Reported as targets, matched as Cinder's CapabilitiesFilter matches the capability.
                capabilities.put(ReplicationSpecs.ENABLED, Boolean.toString(report.replicationEnabled()));
                Optional<String> mismatch = firstMismatch(request, capabilities);
                if (mismatch.isPresent()) {
                    reject(rejections, "extra spec " + mismatch.get() + " not supported");
                    continue;
                }
                Optional<String> replication = replicationRefusal(groupType, volumeTypes, report, pool);
                if (replication.isPresent()) {
                    reject(rejections, replication.get());
                    continue;
                }
                double free = backend.freeCapacityGb(pool);
                if (free < request.size()) {
                    reject(rejections, "insufficient free capacity for " + request.size() + " GiB");
                    continue;
                }
                candidates.add(new Candidate(backend, pool, free));
            }
        }
        Optional<Candidate> best = candidates.stream()
                .max(Comparator.comparingDouble(Candidate::freeGb)
                        .thenComparing(c -> c.backend().report().host() + "#" + c.pool().name(), Comparator.reverseOrder()));
        if (best.isEmpty()) {
            registry.counter("scheduler.placements", "outcome", "no_valid_backend").increment();
            return PlacementDecision.refused("No valid backend was found. " + describe(rejections));
        }
        Candidate chosen = best.get();
        chosen.backend().consume(chosen.pool().name(), request.size());
        registry.counter("scheduler.placements", "outcome", "placed").increment();
        return PlacementDecision.placed(chosen.backend().report().host() + "#" + chosen.pool().name());
    }

    private Optional<String> replicationRefusal(ReplicationSpecs groupType, List<ReplicationSpecs> volumeTypes,
            BackendCapabilities report, PoolCapabilities pool) {
        for (ReplicationSpecs volumeType : volumeTypes) {
            Optional<String> refusal = replication.refusal(groupType, volumeType, report, pool);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** The group specs are matched when the group is placed; its volumes follow it to that backend. */
    private static Optional<String> firstMismatch(Wanted request, Map<String, String> capabilities) {
        List<Map<String, String>> all = new ArrayList<>();
        if (request.group()) {
            all.add(request.groupSpecs());
        }
        all.addAll(request.specs());
        for (Map<String, String> one : all) {
            Optional<String> mismatch = ExtraSpecMatcher.firstMismatch(one, capabilities);
            if (mismatch.isPresent()) {
                return mismatch;
            }
        }
        return Optional.empty();
    }

    private static void reject(Map<String, Integer> rejections, String reason) {
        rejections.merge(reason, 1, Integer::sum);
    }

    private static String describe(Map<String, Integer> rejections) {
        if (rejections.isEmpty()) {
            return "No backend has reported its capabilities.";
        }
        StringBuilder text = new StringBuilder("Candidates rejected: ");
        rejections.forEach((reason, count) -> text.append(count).append(" x ").append(reason).append("; "));
        return text.substring(0, text.length() - 2) + ".";
    }

    /**
     * What one placement asks for: capacity, zone, the volume types' extra specs every one of which must match, the
     * backend (host@backend) it must be on, if any, whether it is a group, and the group type's specs (matched too,
     * and the group level of replication precedence).
     */
    private record Wanted(int size, String availabilityZone, List<Map<String, String>> specs, String backend,
            boolean group, Map<String, String> groupSpecs) {
    }

    private record Candidate(BackendState backend, PoolCapabilities pool, double freeGb) {
    }
}
