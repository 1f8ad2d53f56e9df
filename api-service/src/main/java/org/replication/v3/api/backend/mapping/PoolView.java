package org.replication.v3.api.backend.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.service.PoolCatalog;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SpecValue;

/**
 * Pools and backend capabilities in Cinder's shapes: get_pools ({@code name}, and with {@code detail} the
 * capabilities) and the capabilities of one backend ({@code OS::Storage::Capabilities::<host>}).
 */
public final class PoolView {

    private static final String NAMESPACE = "OS::Storage::Capabilities::";
    private static final String REPLICATION_TARGETS = "replication_targets";
    private static final String REPLICATION_ENABLED = "replication_enabled";
    /** The properties Cinder's drivers describe for every backend (BaseVD._init_standard_capabilities). */
    private static final Map<String, Map<String, String>> STANDARD_PROPERTIES = standardProperties();

    private PoolView() {
    }

    public static Map<String, Object> pool(PoolCatalog.Pool pool, boolean detail) {
        Map<String, Object> view = new LinkedHashMap<>(2);
        view.put("name", pool.name());
        if (detail) {
            view.put("capabilities", capabilities(pool.backend(), pool.pool()));
        }
        return view;
    }

    /** The capabilities of a pool: capacity first, then what the backend and the pool report, then identity. */
    private static Map<String, Object> capabilities(BackendReport backend, PoolCapabilities pool) {
        Map<String, Object> view = new LinkedHashMap<>(32);
        view.put("pool_name", pool.name());
        view.put("total_capacity_gb", pool.totalCapacityGb());
        view.put("free_capacity_gb", pool.freeCapacityGb());
        view.put("allocated_capacity_gb", pool.allocatedCapacityGb());
        view.put("provisioned_capacity_gb", pool.allocatedCapacityGb());
        view.put("reserved_percentage", pool.reservedPercentage());
        view.put("max_over_subscription_ratio", pool.maxOverSubscriptionRatio());
        view.put("thin_provisioning_support", pool.thinProvisioningSupport());
        backend.capabilities().forEach((key, value) -> view.put(key, typed(key, value)));
        pool.capabilities().forEach((key, value) -> view.put(key, typed(key, value)));
        view.put(REPLICATION_ENABLED, backend.replicationEnabled());
        view.put(REPLICATION_TARGETS, targets(backend.replicationTargets()));
        view.put("volume_backend_name", backend.volumeBackendName());
        view.put("storage_protocol", backend.storageProtocol());
        view.put("vendor_name", backend.vendorName());
        view.put("driver_version", backend.driverVersion());
        view.put("timestamp", CinderTime.format(backend.reportedAt()));
        return view;
    }

    /** @param report the backend's latest report, or null when its volume service has not reported yet */
    public static Map<String, Object> capabilities(String host, BackendReport report) {
        Map<String, String> capabilities = report == null ? Map.of() : report.capabilities();
        List<ReplicationTarget> targets = report == null ? List.of() : report.replicationTargets();
        Map<String, Object> view = new LinkedHashMap<>(16);
        view.put("namespace", NAMESPACE + host);
        view.put("vendor_name", report == null ? null : report.vendorName());
        view.put("volume_backend_name", report == null ? null : report.volumeBackendName());
        view.put("pool_name", null);
        view.put("driver_version", report == null ? null : report.driverVersion());
        view.put("storage_protocol", report == null ? null : report.storageProtocol());
        view.put("display_name", capabilities.get("display_name"));
        view.put("description", capabilities.get("description"));
        view.put("visibility", capabilities.get("visibility"));
        view.put(REPLICATION_ENABLED, report != null && report.replicationEnabled());
        view.put(REPLICATION_TARGETS, targets(targets));
        view.put("properties", STANDARD_PROPERTIES);
        return view;
    }

    /** Reports carry text; Cinder's capabilities are typed, so booleans and numbers go back to JSON types. */
    private static Object typed(String key, String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return Boolean.parseBoolean(lower);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notALong) {
            return value;
        }
    }

    /**
     * Cinder lists target ids only; Replication v3 shows what each target can do, as the decisions about it need
     * (mode, cross-cloud, sync topologies, mediator, minimum RPO, zone, scopes).
     */
    private static List<Map<String, Object>> targets(List<ReplicationTarget> targets) {
        return targets.stream().map(PoolView::target).toList();
    }

    private static Map<String, Object> target(ReplicationTarget target) {
        Map<String, Object> view = new LinkedHashMap<>(12);
        view.put("backend_id", target.backendId());
        view.put("replication_mode", values(target.modes()));
        view.put("cross_os", target.crossOs());
        view.put("sync_topologies", values(target.syncTopologies()));
        view.put("mediator", target.mediator());
        view.put("min_rpo_seconds", target.minRpoSeconds());
        view.put("availability_zone", target.availabilityZone());
        view.put("scopes", values(target.scopes()));
        if (target.reachable() != null) {
            view.put("reachable", target.reachable());
        }
        return view;
    }

    private static List<String> values(Set<? extends SpecValue> values) {
        return values.stream().map(SpecValue::value).sorted().toList();
    }

    private static Map<String, Map<String, String>> standardProperties() {
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        properties.put("thin_provisioning", property("Thin Provisioning", "Sets thin provisioning."));
        properties.put("compression", property("Compression", "Enables compression."));
        properties.put("qos", property("QoS", "Enables QoS."));
        properties.put("replication_enabled", property("Replication", "Enables replication."));
        return properties;
    }

    private static Map<String, String> property(String title, String description) {
        Map<String, String> property = new LinkedHashMap<>(3);
        property.put("title", title);
        property.put("description", description);
        property.put("type", "boolean");
        return property;
    }
}
