package org.replication.v3.scheduler.placement;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.ExtraSpecMatcher;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.scheduler.capability.BackendState;
import org.replication.v3.scheduler.capability.CapabilityView;
import org.replication.v3.scheduler.cinderservice.ServiceStatusView;

/**
 * Chooses a pool for a new volume as Cinder's filter scheduler does: drop backends that are down, disabled or
 * frozen by an operator, in another
 * availability zone, short of capacity or without the capabilities the volume type asks for; then take the
 * pool with the most free capacity (capacity weigher).
 */
@ApplicationScoped
public class Placement {

    private final CapabilityView view;
    private final ServiceStatusView statuses;
    private final Duration downAfter;
    private final Clock clock;
    private final MeterRegistry registry;

    public Placement(CapabilityView view, ServiceStatusView statuses,
            @ConfigProperty(name = "scheduler.backend-down-after") Duration downAfter, MeterRegistry registry) {
        this.view = view;
        this.statuses = statuses;
        this.downAfter = downAfter;
        this.clock = Clock.systemUTC();
        this.registry = registry;
    }

    /** Where the volume goes, or why it cannot go anywhere. Reserves the capacity it hands out. */
    public Uni<PlacementDecision> place(ScheduleVolumeCreate request) {
        return statuses.load().flatMap(loaded -> view.backends()).map(backends -> decide(request, backends));
    }

    private PlacementDecision decide(ScheduleVolumeCreate request, Iterable<BackendState> backends) {
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
            for (PoolCapabilities pool : report.pools()) {
                Map<String, String> capabilities = new HashMap<>(report.capabilities());
                capabilities.putAll(pool.capabilities());
                Optional<String> mismatch = ExtraSpecMatcher.firstMismatch(
                        request.extraSpecs() == null ? Map.of() : request.extraSpecs(), capabilities);
                if (mismatch.isPresent()) {
                    reject(rejections, "extra spec " + mismatch.get() + " not supported");
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

    private record Candidate(BackendState backend, PoolCapabilities pool, double freeGb) {
    }
}
