package org.replication.v3.api.replication.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.replication.SpecValue;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.common.replication.VolumeReplication;

/**
 * The replication fields of a volume from microversion 3.71 (Replication v3): how it is replicated and what a
 * failover of it would cost. A volume that is not replicated shows them as null. The sources of the effective
 * values are operators' information (they name backend configuration), shown to admins only. From 3.72 the lag's
 * level against the RPO and the last instant both sides hold are shown too; from 3.73 the expectations also say what
 * a loss of the primary's site does.
 *
 * <p>The lag is computed when the volume is read, from the owner's last measure: while the replica lacks anything,
 * the time since the last instant both sides hold, else 0. It is current to within one replication tick, and grows
 * with the clock between two measures, as the real lag does.
 */
public final class VolumeReplicationView {

    private VolumeReplicationView() {
    }

    /**
     * @param lagDetails   from 3.72: the lag's level and the last instant both sides hold
     * @param siteLoss     from 3.73: the expectations also say what a site loss does
     * @param graceSeconds the mediator's grace before it promotes a mediated active/passive target
     */
    public static void addTo(Map<String, Object> view, Volume volume, boolean sources, boolean lagDetails,
            boolean siteLoss, long graceSeconds) {
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
        view.put("replication_expectations", replicated ? expectations(replication, siteLoss, graceSeconds) : null);
        if (sources) {
            view.put("replication_sources", replicated ? sources(replication.sources()) : null);
        }
    }

    private static Map<String, Object> expectations(VolumeReplication replication, boolean siteLoss,
            long graceSeconds) {
        FailoverExpectations expectations = replication.expectations();
        if (expectations == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>(8);
        view.put("data_loss", expectations.dataLoss().value());
        view.put("max_data_loss_seconds", expectations.maxDataLossSeconds());
        view.put("downtime", expectations.downtime().value());
        if (siteLoss) {
            OnSiteLoss onSiteLoss = OnSiteLoss.of(replication);
            view.put("automatic_failover_available", onSiteLoss.automatic());
            view.put("on_site_loss", onSiteLoss.value());
            view.put("grace_seconds", onSiteLoss == OnSiteLoss.AUTOMATIC_FAILOVER_AFTER_GRACE ? graceSeconds : null);
        }
        return view;
    }

    /** What the volume does when the site of its primary is lost, from its mode, topology and mediator. */
    enum OnSiteLoss implements SpecValue {
        /** Sync active/active with a mediator: the surviving side goes on alone, writes pause for the detection. */
        KEEPS_SERVING,
        /** Sync active/passive with a mediator: the mediator promotes the target once the grace has passed. */
        AUTOMATIC_FAILOVER_AFTER_GRACE,
        /** Sync without a mediator: nothing decides alone; writes wait for an operator's forced failover. */
        WRITES_BLOCKED_UNTIL_OPERATOR,
        /** Async: an operator fails over, losing at most what the lag held (the RPO while it is kept). */
        MANUAL_FAILOVER_RPO_BOUNDED;

        static OnSiteLoss of(VolumeReplication replication) {
            if (replication.mode() != ReplicationMode.SYNC) {
                return MANUAL_FAILOVER_RPO_BOUNDED;
            }
            if (!replication.mediator()) {
                return WRITES_BLOCKED_UNTIL_OPERATOR;
            }
            return replication.syncTopology() == SyncTopology.ACTIVE_ACTIVE ? KEEPS_SERVING
                    : AUTOMATIC_FAILOVER_AFTER_GRACE;
        }

        boolean automatic() {
            return this == KEEPS_SERVING || this == AUTOMATIC_FAILOVER_AFTER_GRACE;
        }
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
