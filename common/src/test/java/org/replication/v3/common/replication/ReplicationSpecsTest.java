package org.replication.v3.common.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationSpecsTest {

    @Test
    void readsCinderStyleValues() {
        ReplicationSpecs specs = ReplicationSpecs.ofVolumeType(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "<in> sync",
                "replication_sync_topology", "active_active", "replication_mediator", "<is> True",
                "replication_scope", "volume", "replication_target", "site-b"));

        assertThat(specs).isEqualTo(new ReplicationSpecs(true, ReplicationMode.SYNC, ReplicationScope.VOLUME,
                SyncTopology.ACTIVE_ACTIVE, true, null, "site-b"));
    }

    @Test
    void eitherOfCindersGroupKeysMakesAGroupTypeReplicated() {
        assertThat(ReplicationSpecs.ofGroupType(Map.of("group_replication_enabled", "<is> True")).replicated())
                .isTrue();
        assertThat(ReplicationSpecs.ofGroupType(Map.of("consistent_group_replication_enabled", "<is> True"))
                .replicated()).isTrue();
        assertThat(ReplicationSpecs.ofGroupType(Map.of("replication_enabled", "<is> True")).replicated())
                .as("the volume-type key does not make a group type replicated").isFalse();
    }

    @Test
    void namesEveryKeyWhoseValueCannotBeRead() {
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of(
                "replication_mode", "semi-sync", "replication_rpo_seconds", "-5", "replication_scope", "project")))
                .isInstanceOfSatisfying(InvalidReplicationSpec.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("replication_mode 'semi-sync'").contains("sync, async"))
                        .anySatisfy(p -> assertThat(p).contains("replication_rpo_seconds '-5'").contains("positive"))
                        .anySatisfy(p -> assertThat(p).contains("replication_scope 'project'")));
    }

    @Test
    void refusesValuesThatContradictTheMode() {
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of(
                "replication_mode", "sync", "replication_rpo_seconds", "300")))
                .hasMessageContaining("replication_rpo_seconds=300 applies to async replication only");
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of(
                "replication_mode", "async", "replication_sync_topology", "active_active")))
                .hasMessageContaining("replication_sync_topology=active_active applies to sync replication only");
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of(
                "replication_mode", "async", "replication_mediator", "<is> True")))
                .hasMessageContaining("replication_mediator applies to sync replication only");
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of(
                "replication_enabled", "<is> False", "replication_mode", "async")))
                .hasMessageContaining("replication is disabled");
    }

    @Test
    void refusesTheReservedTargetNameDefault() {
        assertThatThrownBy(() -> ReplicationSpecs.ofVolumeType(Map.of("replication_target", "default")))
                .hasMessageContaining("replication_target 'default'");
    }
}
