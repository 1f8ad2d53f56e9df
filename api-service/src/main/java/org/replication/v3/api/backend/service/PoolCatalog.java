package org.replication.v3.api.backend.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.type.service.VolumeTypeService;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.common.capability.ExtraSpecMatcher;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.ReplicationSpecs;

/**
 * The pools and capabilities backends report, as Cinder's scheduler answers get_pools and a volume service
 * answers get_capabilities. Like Cinder's scheduler, get_pools lists only backends that are up (their reports
 * keep coming) and whose volume service is neither disabled nor frozen.
 */
@ApplicationScoped
public class PoolCatalog {

    private final BackendReports reports;
    private final CinderServiceRepository services;
    private final VolumeTypeRepository types;

    public PoolCatalog(BackendReports reports, CinderServiceRepository services, VolumeTypeRepository types) {
        this.reports = reports;
        this.services = services;
        this.types = types;
    }

    /**
     * @param name       a pool name (host@backend#pool) to match exactly, or null
     * @param volumeType a volume type (name or id) whose extra specs the pools must satisfy, or null
     * @throws ApiException 404 when the volume type does not exist
     */
    @WithSession
    public Uni<List<Pool>> pools(String name, String volumeType, Instant now, Duration downTime) {
        return extraSpecs(volumeType).flatMap(extraSpecs -> services.excludedVolumeHosts().flatMap(excluded ->
                reports.all().map(all -> filter(all, excluded, name, extraSpecs, now, downTime))));
    }

    private static List<Pool> filter(List<BackendReport> all, Set<String> excluded, String name,
            Map<String, String> extraSpecs, Instant now, Duration downTime) {
        List<Pool> pools = new ArrayList<>();
        for (BackendReport backend : all) {
            if (!backend.up(now, downTime) || excluded.contains(backend.host())) {
                continue;
            }
            for (PoolCapabilities pool : backend.pools()) {
                Pool candidate = new Pool(backend, pool);
                if (name != null && !name.equals(candidate.name())) {
                    continue;
                }
                if (extraSpecs != null
                        && ExtraSpecMatcher.firstMismatch(extraSpecs, candidate.capabilities()).isPresent()) {
                    continue;
                }
                pools.add(candidate);
            }
        }
        return pools;
    }

    private Uni<Map<String, String>> extraSpecs(String volumeType) {
        if (volumeType == null) {
            return Uni.createFrom().nullItem();
        }
        return types.findByNameOrId(volumeType).map(type -> {
            if (type == null) {
                throw Uuids.parse(volumeType) != null ? VolumeTypeService.notFound(volumeType)
                        : ApiException.notFound("Volume type with name " + volumeType + " could not be found.");
            }
            return type.extraSpecs;
        });
    }

    /**
     * The report of the volume service at {@code host} (host@backend); null when it has not reported yet.
     *
     * @throws ApiException 404 when no volume service has that host and no backend reported under it
     */
    @WithSession
    public Uni<BackendReport> capabilities(String host) {
        return services.findVolumeService(host).flatMap(service -> reports.find(host).map(report -> {
            if (service == null && report == null) {
                throw ApiException.notFound("Can't find service: " + host);
            }
            return report;
        }));
    }

    /** One pool of a backend: its Cinder name and the capabilities the scheduler matches against. */
    public record Pool(BackendReport backend, PoolCapabilities pool) {

        public String name() {
            return backend.host() + "#" + pool.name();
        }

        /**
         * The backend's capabilities overlaid with the pool's own, as placement sees them; replication_enabled comes
         * from the reported targets, so that a type asking for it matches as with Cinder's CapabilitiesFilter.
         */
        public Map<String, String> capabilities() {
            Map<String, String> capabilities = new HashMap<>(backend.capabilities());
            capabilities.putAll(pool.capabilities());
            capabilities.put(ReplicationSpecs.ENABLED, Boolean.toString(backend.replicationEnabled()));
            return capabilities;
        }
    }
}
