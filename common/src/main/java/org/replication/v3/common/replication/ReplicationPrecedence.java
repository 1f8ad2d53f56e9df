package org.replication.v3.common.replication;

import java.util.function.Function;

/**
 * The one rule for effective replication values, used by every service: group type &gt; volume type &gt; the
 * backend's configured default &gt; the global default. A value a higher level leaves unset falls through.
 */
public final class ReplicationPrecedence {

    private ReplicationPrecedence() {
    }

    /**
     * @param groupType  specs of the volume's group type ({@link ReplicationSpecs#NONE} when not in a group);
     *                   they count only when the group type is replicated
     * @param volumeType specs of the volume's type
     * @param backend    defaults of the backend and pool the volume is (or will be) on
     * @param global     the deployment's defaults
     */
    public static ReplicationSettings resolve(ReplicationSpecs groupType, ReplicationSpecs volumeType,
            ReplicationDefaults backend, ReplicationDefaults global) {
        ReplicationSpecs group = groupType.replicated() ? groupType : ReplicationSpecs.NONE;
        return new ReplicationSettings(
                enabled(group, volumeType, backend),
                scope(group, volumeType, backend, global),
                pick(group, volumeType, backend, global, ReplicationSpecs::mode, ReplicationDefaults::mode),
                pick(group, volumeType, backend, global, ReplicationSpecs::syncTopology,
                        ReplicationDefaults::syncTopology),
                pick(group, volumeType, backend, global, ReplicationSpecs::mediator, ReplicationDefaults::mediator),
                pick(group, volumeType, backend, global, ReplicationSpecs::rpoSeconds,
                        ReplicationDefaults::rpoSeconds),
                pick(group, volumeType, backend, global, ReplicationSpecs::target, ReplicationDefaults::target));
    }

    private static Sourced<Boolean> enabled(ReplicationSpecs group, ReplicationSpecs volumeType,
            ReplicationDefaults backend) {
        if (group.replicated()) {
            return new Sourced<>(true, SettingSource.GROUP_TYPE);
        }
        if (volumeType.enabled() != null) {
            return new Sourced<>(volumeType.enabled(), SettingSource.VOLUME_TYPE);
        }
        // A backend or pool replicated as a whole replicates every volume placed on it.
        return backend.coversWholeLocation() ? new Sourced<>(true, SettingSource.BACKEND)
                : new Sourced<>(false, SettingSource.DEFAULT);
    }

    private static Sourced<ReplicationScope> scope(ReplicationSpecs group, ReplicationSpecs volumeType,
            ReplicationDefaults backend, ReplicationDefaults global) {
        if (group.replicated()) {
            return new Sourced<>(ReplicationScope.GROUP, SettingSource.GROUP_TYPE);
        }
        return pick(group, volumeType, backend, global, ReplicationSpecs::scope, ReplicationDefaults::scope);
    }

    private static <T> Sourced<T> pick(ReplicationSpecs group, ReplicationSpecs volumeType,
            ReplicationDefaults backend, ReplicationDefaults global, Function<ReplicationSpecs, T> spec,
            Function<ReplicationDefaults, T> fallback) {
        if (spec.apply(group) != null) {
            return new Sourced<>(spec.apply(group), SettingSource.GROUP_TYPE);
        }
        if (spec.apply(volumeType) != null) {
            return new Sourced<>(spec.apply(volumeType), SettingSource.VOLUME_TYPE);
        }
        if (fallback.apply(backend) != null) {
            return new Sourced<>(fallback.apply(backend), SettingSource.BACKEND);
        }
        return new Sourced<>(fallback.apply(global), SettingSource.DEFAULT);
    }
}
