package org.replication.v3.drill;

import java.util.LinkedHashMap;
import java.util.Map;

/** The volume kinds of the drill (docs/sites.md section 7), each with the type extra specs that make one. */
enum Kind {
    SYNC_AA_MED("sync-aa-med"),
    SYNC_AP_MED("sync-ap-med"),
    SYNC_NOMED("sync-nomed"),
    ASYNC("async");

    final String label;

    Kind(String label) {
        this.label = label;
    }

    String name(int rpoSeconds) {
        return this == ASYNC ? "async-" + rpoSeconds : label;
    }

    boolean sync() {
        return this != ASYNC;
    }

    Map<String, String> extraSpecs(String backendName, int rpoSeconds) {
        Map<String, String> specs = new LinkedHashMap<>();
        specs.put("volume_backend_name", backendName);
        specs.put("replication_enabled", "<is> True");
        specs.put("replication_scope", "volume");
        switch (this) {
            case SYNC_AA_MED -> {
                specs.put("replication_mode", "sync");
                specs.put("replication_sync_topology", "active_active");
                specs.put("replication_mediator", "<is> True");
            }
            case SYNC_AP_MED -> {
                specs.put("replication_mode", "sync");
                specs.put("replication_sync_topology", "active_passive");
                specs.put("replication_mediator", "<is> True");
            }
            case SYNC_NOMED -> {
                specs.put("replication_mode", "sync");
                specs.put("replication_sync_topology", "active_passive");
                specs.put("replication_mediator", "<is> False");
            }
            case ASYNC -> {
                specs.put("replication_mode", "async");
                specs.put("replication_rpo_seconds", Integer.toString(rpoSeconds));
            }
        }
        return specs;
    }
}
