package org.replication.v3.api.replication.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.replication.SpecValue;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The replication fields of a volume from microversion 3.71 (Replication v3): how it is replicated and what a
 * failover of it would cost. A volume that is not replicated shows them as null. The sources of the effective
 * values are operators' information (they name backend configuration), shown to admins only. From 3.72 the lag's
 * level against the RPO and the last instant both sides hold are shown too.
 *
 * <p>The lag is computed when the volume is read, from the owner's last measure: while the replica lacks anything,
 * the time since the last instant both sides hold, else 0. It is current to within one replication tick, and grows
 * with the clock between two measures, as the real lag does.
 */
public final class VolumeReplicationView {

    private VolumeReplicationView() {
    }

    public static void addTo(Map<String, Object> view, Volume volume, boolean sources, boolean lagDetails) {
        VolumeReplication replication = volume.replication;
        boolean replicated = replication != null;
        view.put("replication_mode", replicated ? value(replication.mode()) : null);
        view.put("replication_scope", replicated ? value(replication.scope()) : null);
        view.put("replication_target", replicated ? replication.target() : null);
        view.put("replication_rpo_seconds", replicated ? replication.rpoSeconds() : null);
        view.put("replication_lag_seconds", replicated ? volume.replicationLagSeconds(CinderTime.now()) : null);
        if (lagDetails) {
            // No measure yet: the replica lacks nothing anyone knows of.
            view.put("replication_lag_level", replicated ? (volume.replicationLagLevel == null
                    ? ReplicationLagLevel.OK.value() : volume.replicationLagLevel.value()) : null);
            view.put("replication_last_sync_at", replicated ? CinderTime.format(volume.replicationLastSyncAt) : null);
        }
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
