package org.replication.v3.api.replication.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.replication.SpecValue;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The replication fields of a volume from microversion 3.71 (Replication v3): how it is replicated and what a
 * failover of it would cost. A volume that is not replicated shows them as null. The sources of the effective
 * values are operators' information (they name backend configuration), shown to admins only.
 */
public final class VolumeReplicationView {

    private VolumeReplicationView() {
    }

    public static void addTo(Map<String, Object> view, Volume volume, boolean sources) {
        VolumeReplication replication = volume.replication;
        boolean replicated = replication != null;
        view.put("replication_mode", replicated ? value(replication.mode()) : null);
        view.put("replication_scope", replicated ? value(replication.scope()) : null);
        view.put("replication_target", replicated ? replication.target() : null);
        view.put("replication_rpo_seconds", replicated ? replication.rpoSeconds() : null);
        // No measure yet means none has crossed a level: the volume is within its RPO.
        view.put("replication_lag_seconds", replicated
                ? (volume.replicationLagSeconds == null ? 0.0 : volume.replicationLagSeconds) : null);
        view.put("replication_expectations", replicated ? expectations(replication.expectations()) : null);
        if (sources) {
            view.put("replication_sources", replicated ? sources(replication.sources()) : null);
        }
    }

    private static Map<String, Object> expectations(FailoverExpectations expectations) {
        if (expectations == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>(4);
        view.put("data_loss", expectations.dataLoss().value());
        view.put("max_data_loss_seconds", expectations.maxDataLossSeconds());
        view.put("downtime", expectations.downtime().value());
        return view;
    }

    private static Map<String, String> sources(Map<String, SettingSource> sources) {
        Map<String, String> view = new LinkedHashMap<>();
        sources.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(source -> view.put(source.getKey(), source.getValue().value()));
        return view;
    }

    private static String value(SpecValue value) {
        return value == null ? null : value.value();
    }
}
