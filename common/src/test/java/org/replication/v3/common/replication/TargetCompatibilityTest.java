package org.replication.v3.common.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetCompatibilityTest {

    private static final ReplicationTarget ASYNC_ONLY = new ReplicationTarget("site-b", Set.of(ReplicationMode.ASYNC),
            false, Set.of(), false, 300, "az-2", Set.of(ReplicationScope.VOLUME, ReplicationScope.GROUP));
    private static final ReplicationTarget REMOTE_CLOUD = new ReplicationTarget("cloud-2",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), true, Set.of(SyncTopology.ACTIVE_PASSIVE), false, 60,
            "az-9", Set.of());
    private static final ReplicationTarget METRO = new ReplicationTarget("metro", Set.of(ReplicationMode.SYNC),
            false, Set.of(SyncTopology.ACTIVE_PASSIVE), false, null, "az-1", Set.of(ReplicationScope.VOLUME));
    private static final ReplicationDefaults GLOBAL =
            new ReplicationDefaults(ReplicationScope.VOLUME, ReplicationMode.ASYNC, null, null, 3600, null);

    private static ReplicationSettings settings(Map<String, String> extraSpecs) {
        return ReplicationPrecedence.resolve(ReplicationSpecs.NONE, ReplicationSpecs.ofVolumeType(extraSpecs),
                ReplicationDefaults.NONE, GLOBAL);
    }

    @Test
    void aTargetThatCanDoItHasNoProblems() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_enabled", "<is> True",
                "replication_rpo_seconds", "300")), ASYNC_ONLY)).isEmpty();
    }

    @Test
    void syncOnAnAsyncOnlyTarget() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync")), ASYNC_ONLY))
                .containsExactly("replication_mode=sync (from volume_type) is not supported by target site-b,"
                        + " which supports async");
    }

    @Test
    void anRpoBelowTheTargetsMinimum() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_enabled", "<is> True",
                "replication_rpo_seconds", "60")), ASYNC_ONLY))
                .containsExactly("replication_rpo_seconds=60 (from volume_type) is below the minimum RPO of target"
                        + " site-b, 300 s");
    }

    @Test
    void syncAcrossClouds() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync")), REMOTE_CLOUD))
                .singleElement().asString().contains("cannot reach target cloud-2 in another OpenStack cloud");
    }

    @Test
    void aTopologyMediatorOrScopeTheTargetLacks() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync", "replication_sync_topology", "active_active",
                "replication_mediator", "<is> True", "replication_scope", "group")), METRO))
                .containsExactlyInAnyOrder(
                        "replication_sync_topology=active_active is not supported by target metro, which supports"
                                + " active_passive",
                        "replication_mediator is asked for but target metro has no mediator",
                        "replication_scope=group is not supported by target metro, which replicates volume");
    }

    @Test
    void aVolumeThatIsNotReplicatedFitsAnyTarget() {
        assertThat(TargetCompatibility.problems(settings(Map.of("replication_mode", "sync")), ASYNC_ONLY)).isEmpty();
    }
}
