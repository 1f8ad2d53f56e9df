package org.replication.v3.volume.replication.service;

import org.replication.v3.common.replication.ReplicationStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * Volumes of a replicated group: replicated at group scope with the group type on top of the precedence, refused
 * when their own type asks otherwise, kept alike by the driver, and switched on and off as a group.
 */
@QuarkusTest
class GroupScopeReplicationTest {

    private static final String HOST = "node1@fast#pool-a";
    private static final Map<String, String> REPLICATED_GROUP = Map.of("group_replication_enabled", "<is> True");
    private static final Map<String, String> SYNC_GROUP = Map.of("group_replication_enabled", "<is> True",
            "replication_mode", "sync");
    private static final Map<String, String> ASYNC_TYPE = Map.of("replication_enabled", "<is> True",
            "replication_mode", "async", "replication_rpo_seconds", "2");
    private static final Map<String, String> SYNC_TYPE = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync");


    @Inject
    VolumeServiceBus bus;

    @Test
    void aVolumeOfAReplicatedGroupIsReplicatedAtGroupScopeAndTheGroupTypeWinsOverItsVolumeType() {
        String group = UUID.randomUUID().toString();
        String id = create(group, SYNC_GROUP, ASYNC_TYPE);

        ReplicationEnabled enabled = bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        assertThat(enabled.error()).isNull();
        assertThat(enabled.groupId()).isEqualTo(group);
        assertThat(enabled.replication().scope()).isEqualTo(ReplicationScope.GROUP);
        assertThat(enabled.replication().mode()).isEqualTo(ReplicationMode.SYNC);
        assertThat(enabled.replication().sources())
                .containsEntry("replication_enabled", SettingSource.GROUP_TYPE)
                .containsEntry("replication_scope", SettingSource.GROUP_TYPE)
                .containsEntry("replication_mode", SettingSource.GROUP_TYPE);
    }

    @Test
    void aVolumeTypeAskingToReplicateOnItsOwnInAReplicatedGroupIsRefused() {
        String group = UUID.randomUUID().toString();
        Map<String, String> ownScope = Map.of("replication_enabled", "<is> True", "replication_scope", "volume");
        String id = create(group, REPLICATED_GROUP, ownScope);

        VolumeCreateFailed failed = bus.event(VolumeCreateFailed.TYPE, id, VolumeCreateFailed.class);
        assertThat(failed.reason()).contains("replication_scope=volume")
                .contains("a volume of a replicated group is not also replicated on its own");
    }

    @Test
    void theVolumesOfAGroupReplicateAlikeAndOneAskingForAnotherModeIsRefused() {
        String group = UUID.randomUUID().toString();
        String first = create(group, REPLICATED_GROUP, ASYNC_TYPE);
        assertThat(bus.event(ReplicationEnabled.TYPE, first, ReplicationEnabled.class).replication().mode())
                .isEqualTo(ReplicationMode.ASYNC);

        String second = create(group, REPLICATED_GROUP, SYNC_TYPE);

        assertThat(bus.event(VolumeCreateFailed.TYPE, second, VolumeCreateFailed.class).reason())
                .contains("group " + group + " replicates async to site-b")
                .contains("volume " + second + " asks for sync to site-b");
    }

    @Test
    void disablingAndEnablingAGroupSwitchesEachOfItsVolumesAndAnswersForTheGroup() {
        String group = UUID.randomUUID().toString();
        String first = create(group, SYNC_GROUP, Map.of());
        String second = create(group, SYNC_GROUP, Map.of());
        bus.event(ReplicationEnabled.TYPE, first, ReplicationEnabled.class);
        bus.event(ReplicationEnabled.TYPE, second, ReplicationEnabled.class);
        List<GroupMember> members = List.of(new GroupMember(first, HOST), new GroupMember(second, HOST));

        bus.command(group, new ChangeGroupReplication(group, HOST, false, members));
        GroupReplicationChanged disabled = bus.event(GroupReplicationChanged.TYPE, group, GroupReplicationChanged.class,
                changed -> !changed.enable());
        assertThat(disabled.replicationStatus()).isEqualTo(ReplicationStatus.DISABLED);
        assertThat(disabled.error()).isNull();
        assertThat(disabled.volumes()).extracting(GroupReplicationChanged.VolumeResult::replicationStatus)
                .containsOnly(ReplicationStatus.DISABLED);

        String stranger = UUID.randomUUID().toString();
        bus.command(group, new ChangeGroupReplication(group, HOST, true,
                List.of(members.get(0), members.get(1), new GroupMember(stranger, HOST))));
        GroupReplicationChanged enabled = bus.event(GroupReplicationChanged.TYPE, group, GroupReplicationChanged.class,
                GroupReplicationChanged::enable);
        assertThat(enabled.volumes()).filteredOn(result -> !result.volumeId().equals(stranger))
                .extracting(GroupReplicationChanged.VolumeResult::replicationStatus).containsOnly(ReplicationStatus.ENABLED);
        // One volume the backend does not hold fails the group, and says which.
        assertThat(enabled.replicationStatus()).isEqualTo(ReplicationStatus.ERROR);
        assertThat(enabled.error()).contains("volume " + stranger + " is not on " + HOST);
    }

    private String create(String group, Map<String, String> groupSpecs, Map<String, String> extraSpecs) {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, HOST, "type-1", extraSpecs, group, groupSpecs));
        return id;
    }
}
