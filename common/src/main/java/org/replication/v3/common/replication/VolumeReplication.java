package org.replication.v3.common.replication;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one volume is replicated, as events carry it and the API shows it: the effective values, where each came
 * from, and what a failover would cost.
 *
 * @param sources the level each value came from, by extra-spec key (replication_mode -> volume_type, ...)
 */
public record VolumeReplication(
        ReplicationStatus status,
        ReplicationMode mode,
        ReplicationScope scope,
        String target,
        SyncTopology syncTopology,
        boolean mediator,
        Integer rpoSeconds,
        Map<String, SettingSource> sources,
        FailoverExpectations expectations) {

    public static VolumeReplication of(ReplicationSettings settings, ReplicationStatus status) {
        Map<String, SettingSource> sources = new LinkedHashMap<>();
        sources.put(ReplicationSpecs.ENABLED, settings.enabled().source());
        sources.put(ReplicationSpecs.MODE, settings.mode().source());
        sources.put(ReplicationSpecs.SCOPE, settings.scope().source());
        sources.put(ReplicationSpecs.TARGET, settings.target().source());
        boolean sync = settings.mode().value() == ReplicationMode.SYNC;
        if (sync) {
            sources.put(ReplicationSpecs.SYNC_TOPOLOGY, settings.syncTopology().source());
            sources.put(ReplicationSpecs.MEDIATOR, settings.mediator().source());
        } else {
            sources.put(ReplicationSpecs.RPO_SECONDS, settings.rpoSeconds().source());
        }
        return new VolumeReplication(status, settings.mode().value(), settings.scope().value(),
                settings.target().value(),
                sync ? defaultTopology(settings.syncTopology().value()) : null,
                sync && Boolean.TRUE.equals(settings.mediator().value()),
                sync ? null : settings.rpoSeconds().value(),
                Map.copyOf(sources), settings.expectations());
    }

    /** Drivers take active/passive when nothing says otherwise: it is the topology every sync array offers. */
    private static SyncTopology defaultTopology(SyncTopology topology) {
        return topology == null ? SyncTopology.ACTIVE_PASSIVE : topology;
    }
}
