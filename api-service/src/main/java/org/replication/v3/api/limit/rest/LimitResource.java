package org.replication.v3.api.limit.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.Fault;
import org.replication.v3.api.http.ApiPaths;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.limit.service.Usage;
import org.replication.v3.api.limit.service.UsageCounter;
import org.replication.v3.api.version.Microversions;

/**
 * Cinder's {@code GET limits}: no rate limits, and the absolute ones: the configured quotas and what the project's
 * volumes use. Snapshots and backups do not exist here, so they use nothing. From 3.39 an admin may ask for
 * another project with {@code project_id}.
 */
@Path(ApiPaths.PROJECT_SCOPED + "limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitResource {

    @Inject
    UsageCounter usage;

    @Inject
    ApiRequest request;

    @Inject
    Policy policy;

    @Inject
    ApiConfig config;

    @GET
    public Uni<Map<String, Object>> show(@QueryParam("project_id") String projectId) {
        Caller caller = request.caller();
        String project = caller.projectId();
        if (projectId != null && request.version().atLeast(Microversions.LIMITS_ADMIN_FILTER)
                && !projectId.equals(project)) {
            if (!policy.allows(caller, Policy.LIMITS_OTHER_PROJECT)) {
                throw new ApiException(Fault.FORBIDDEN, "Not authorized.");
            }
            project = projectId;
        }
        return usage.of(project).map(this::limits);
    }

    private Map<String, Object> limits(Usage used) {
        ApiConfig.Quota quota = config.quota();
        Map<String, Object> absolute = new LinkedHashMap<>(16);
        absolute.put("totalSnapshotsUsed", 0);
        absolute.put("maxTotalBackups", quota.backups());
        absolute.put("maxTotalVolumeGigabytes", quota.gigabytes());
        absolute.put("maxTotalSnapshots", quota.snapshots());
        absolute.put("maxTotalBackupGigabytes", quota.backupGigabytes());
        absolute.put("totalBackupGigabytesUsed", 0);
        absolute.put("maxTotalVolumes", quota.volumes());
        absolute.put("totalVolumesUsed", used.volumes());
        absolute.put("totalBackupsUsed", 0);
        absolute.put("totalGigabytesUsed", used.gigabytes());
        Map<String, Object> limits = new LinkedHashMap<>(2);
        limits.put("rate", List.of());
        limits.put("absolute", absolute);
        return Map.of("limits", limits);
    }
}
