package org.replication.v3.common.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationPrecedenceTest {

    private static final ReplicationDefaults GLOBAL =
            new ReplicationDefaults(ReplicationScope.VOLUME, ReplicationMode.ASYNC, null, false, 3600, null);
    private static final ReplicationDefaults BACKEND =
            new ReplicationDefaults(null, ReplicationMode.SYNC, SyncTopology.ACTIVE_PASSIVE, true, 900, "site-b");

    private static ReplicationSpecs volumeType(Map<String, String> specs) {
        return ReplicationSpecs.ofVolumeType(specs);
    }

    @Test
    void theGlobalDefaultAppliesWhenNothingElseSaysAnything() {
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE,
                volumeType(Map.of("replication_enabled", "<is> True")), ReplicationDefaults.NONE, GLOBAL);

        assertThat(settings.mode()).isEqualTo(new Sourced<>(ReplicationMode.ASYNC, SettingSource.DEFAULT));
        assertThat(settings.scope()).isEqualTo(new Sourced<>(ReplicationScope.VOLUME, SettingSource.DEFAULT));
        assertThat(settings.rpoSeconds()).isEqualTo(new Sourced<>(3600, SettingSource.DEFAULT));
        assertThat(settings.enabled()).isEqualTo(new Sourced<>(true, SettingSource.VOLUME_TYPE));
    }

    @Test
    void theBackendDefaultWinsOverTheGlobalOne() {
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE,
                volumeType(Map.of("replication_enabled", "<is> True")), BACKEND, GLOBAL);

        assertThat(settings.mode()).isEqualTo(new Sourced<>(ReplicationMode.SYNC, SettingSource.BACKEND));
        assertThat(settings.rpoSeconds()).isEqualTo(new Sourced<>(900, SettingSource.BACKEND));
        assertThat(settings.target()).isEqualTo(new Sourced<>("site-b", SettingSource.BACKEND));
        assertThat(settings.scope()).isEqualTo(new Sourced<>(ReplicationScope.VOLUME, SettingSource.DEFAULT));
    }

    @Test
    void theVolumeTypeWinsOverTheBackendDefault() {
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE, volumeType(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "async", "replication_rpo_seconds", "300",
                "replication_target", "site-c")), BACKEND, GLOBAL);

        assertThat(settings.mode()).isEqualTo(new Sourced<>(ReplicationMode.ASYNC, SettingSource.VOLUME_TYPE));
        assertThat(settings.rpoSeconds()).isEqualTo(new Sourced<>(300, SettingSource.VOLUME_TYPE));
        assertThat(settings.target()).isEqualTo(new Sourced<>("site-c", SettingSource.VOLUME_TYPE));
        assertThat(settings.syncTopology().source()).isEqualTo(SettingSource.BACKEND);
    }

    @Test
    void aReplicatedGroupTypeWinsOverTheVolumeType() {
        ReplicationSpecs group = ReplicationSpecs.ofGroupType(Map.of(
                "group_replication_enabled", "<is> True", "replication_mode", "sync"));
        ReplicationSettings settings = ReplicationPrecedence.resolve(group, volumeType(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "async")), BACKEND, GLOBAL);

        assertThat(settings.mode()).isEqualTo(new Sourced<>(ReplicationMode.SYNC, SettingSource.GROUP_TYPE));
        assertThat(settings.scope()).isEqualTo(new Sourced<>(ReplicationScope.GROUP, SettingSource.GROUP_TYPE));
        assertThat(settings.enabled()).isEqualTo(new Sourced<>(true, SettingSource.GROUP_TYPE));
    }

    @Test
    void aGroupTypeThatIsNotReplicatedDoesNotCount() {
        ReplicationSpecs group = ReplicationSpecs.ofGroupType(Map.of("replication_mode", "sync"));
        ReplicationSettings settings = ReplicationPrecedence.resolve(group, volumeType(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "async")), BACKEND, GLOBAL);

        assertThat(settings.mode()).isEqualTo(new Sourced<>(ReplicationMode.ASYNC, SettingSource.VOLUME_TYPE));
    }

    @Test
    void aBackendReplicatedAsAWholeReplicatesVolumesOfAnyType() {
        ReplicationDefaults wholeBackend =
                new ReplicationDefaults(ReplicationScope.BACKEND, ReplicationMode.ASYNC, null, null, 600, "site-b");
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE, ReplicationSpecs.NONE,
                wholeBackend, GLOBAL);

        assertThat(settings.enabled()).isEqualTo(new Sourced<>(true, SettingSource.BACKEND));
        assertThat(settings.scope()).isEqualTo(new Sourced<>(ReplicationScope.BACKEND, SettingSource.BACKEND));
        assertThat(settings.expectations()).isEqualTo(new FailoverExpectations(
                FailoverExpectations.DataLoss.BOUNDED_BY_RPO, 600, FailoverExpectations.Downtime.MANUAL_FAILOVER));
    }

    @Test
    void aTypeWithoutReplicationIsNotReplicatedAndHasNoExpectations() {
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE,
                volumeType(Map.of("volume_backend_name", "fast")), BACKEND, GLOBAL);

        assertThat(settings.replicated()).isFalse();
        assertThat(settings.enabled().source()).isEqualTo(SettingSource.DEFAULT);
        assertThat(settings.expectations()).isNull();
    }

    @Test
    void syncWithAMediatorFailsOverByItselfWithoutDataLoss() {
        ReplicationSettings settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE, volumeType(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "sync", "replication_mediator", "<is> True")),
                ReplicationDefaults.NONE, GLOBAL);

        assertThat(settings.expectations()).isEqualTo(new FailoverExpectations(
                FailoverExpectations.DataLoss.NONE, null, FailoverExpectations.Downtime.AUTOMATIC_FAILOVER));
    }
}
