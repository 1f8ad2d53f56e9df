package org.replication.v3.volume.backend;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;

/** A backend's {@code replication_device} configuration read as targets (to report) and defaults (to apply). */
public final class ReplicationDevices {

    private ReplicationDevices() {
    }

    /** @throws IllegalStateException naming the backend, target and value when a value is misspelled */
    public static List<ReplicationTarget> targets(String backend, BackendsConfig.Backend config) {
        return config.replicationDevices().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(device -> target(backend, device.getKey(), device.getValue()))
                .toList();
    }

    /**
     * The backend level of replication precedence for a volume in {@code pool}: the first target's defaults, and
     * whether that pool (or the whole backend) is replicated as a whole.
     */
    public static ReplicationDefaults defaults(String backend, BackendsConfig.Backend config, String pool) {
        return config.replicationDevices().entrySet().stream()
                .min(Map.Entry.comparingByKey())
                .map(entry -> {
                    BackendsConfig.ReplicationDevice device = entry.getValue();
                    String where = backend + " target " + entry.getKey();
                    return new ReplicationDefaults(wholeScope(where, device, pool),
                            device.defaultMode().map(v -> parse(where, "default-mode", v, ReplicationMode::of))
                                    .orElse(null),
                            device.defaultSyncTopology()
                                    .map(v -> parse(where, "default-sync-topology", v, SyncTopology::of))
                                    .orElse(null),
                            device.defaultMediator().orElse(null),
                            device.defaultRpoSeconds().orElse(null),
                            entry.getKey());
                })
                .orElse(ReplicationDefaults.NONE);
    }

    private static ReplicationScope wholeScope(String where, BackendsConfig.ReplicationDevice device, String pool) {
        Optional<ReplicationScope> whole = device.replicate().map(v -> parse(where, "replicate", v,
                ReplicationScope::of));
        if (whole.isEmpty()) {
            return null;
        }
        if (!whole.get().coversWholeLocation()) {
            throw new IllegalStateException(where + ": replicate must be backend or pool, not " + whole.get().value());
        }
        if (whole.get() == ReplicationScope.POOL
                && !device.replicatedPools().orElse(List.of()).contains(pool)) {
            return null;
        }
        return whole.get();
    }

    private static ReplicationTarget target(String backend, String id, BackendsConfig.ReplicationDevice device) {
        String where = backend + " target " + id;
        return new ReplicationTarget(id,
                parseAll(where, "modes", device.modes(), ReplicationMode::of),
                device.crossOs(),
                parseAll(where, "sync-topologies", device.syncTopologies().orElse(List.of()), SyncTopology::of),
                device.mediator(),
                device.minRpoSeconds().orElse(null),
                device.availabilityZone().orElse(null),
                parseAll(where, "scopes", device.scopes(), ReplicationScope::of));
    }

    private static <T> Set<T> parseAll(String where, String key, List<String> values,
            Function<String, T> parser) {
        return values.stream().map(v -> parse(where, key, v, parser)).collect(Collectors.toSet());
    }

    private static <T> T parse(String where, String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + key + " " + e.getMessage(), e);
        }
    }
}
