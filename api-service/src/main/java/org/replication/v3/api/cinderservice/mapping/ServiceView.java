package org.replication.v3.api.cinderservice.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;

/**
 * A service as Cinder's os-services list shows it, field order included: {@code cluster} from 3.7,
 * {@code backend_state} from 3.49 and the replication fields for volume services only.
 */
public final class ServiceView {

    private ServiceView() {
    }

    /**
     * @param backendState up / down from the backend's capability reports; null when it never reported
     */
    public static Map<String, Object> of(CinderService service, ApiVersion version, Instant now, Duration downTime,
            String backendState) {
        Map<String, Object> view = new LinkedHashMap<>(16);
        view.put("binary", service.binary);
        view.put("host", service.host);
        view.put("zone", service.availabilityZone);
        view.put("status", service.disabled ? "disabled" : "enabled");
        view.put("state", service.up(now, downTime) ? "up" : "down");
        view.put("updated_at", CinderTime.format(service.lastChange()));
        if (version.atLeast(Microversions.BACKEND_STATE_REPORT) && service.volumeService()) {
            view.put("backend_state", backendState);
        }
        if (version.atLeast(Microversions.CLUSTER_SUPPORT)) {
            // No clusters (Cinder's active/active volume services) exist here.
            view.put("cluster", null);
        }
        view.put("disabled_reason", service.disabledReason);
        if (service.volumeService()) {
            view.put("replication_status", service.replicationStatus == null ? null
                    : service.replicationStatus.value());
            view.put("active_backend_id", service.activeBackendId);
            view.put("frozen", service.frozen);
        }
        return view;
    }

    /** The answer to enable / disable: what was set, echoing the request's names, as Cinder's update returns it. */
    public static Map<String, Object> updated(CinderService service, String requestedBinary, String requestedService,
            boolean withReason) {
        Map<String, Object> view = new LinkedHashMap<>(8);
        // Cinder's order: enable answers the cleared reason first, disable-log-reason after "disabled".
        if (withReason && !service.disabled) {
            view.put("disabled_reason", service.disabledReason);
        }
        view.put("disabled", service.disabled);
        if (withReason && service.disabled) {
            view.put("disabled_reason", service.disabledReason);
        }
        view.put("host", service.host);
        view.put("service", requestedService);
        view.put("binary", requestedBinary);
        view.put("status", service.disabled ? "disabled" : "enabled");
        return view;
    }
}
