package org.replication.v3.volume.group.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.volume.support.ArrayVolumes;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * update_group on the backend: a replicated group's driver takes joining volumes into the group's replication
 * (their data copied to the target) and leaving ones out, and the answer carries the membership every service
 * follows. What the scope forbids never reaches the driver.
 */
@QuarkusTest
class GroupMembershipTest {

    private static final String HOST = "node1@fast#pool-a";
    private static final Map<String, String> REPLICATED_GROUP = Map.of("group_replication_enabled", "<is> True",
            "replication_mode", "async", "replication_rpo_seconds", "2");

    @Inject
    VolumeServiceBus bus;

    @Test
    void aJoiningVolumeIsReplicatedWithTheGroupAndALeavingOneStops() throws Exception {
        String group = UUID.randomUUID().toString();
        String member = create(group, REPLICATED_GROUP);
        assertThat(bus.event(ReplicationEnabled.TYPE, member, ReplicationEnabled.class).error()).isNull();
        String joining = create(null, null);
        bus.event(VolumeCreated.TYPE, joining, VolumeCreated.class);
        byte[] written = ("data written before joining " + joining).getBytes();
        ArrayVolumes.write("fast", joining, 0, written);
        assertThat(ArrayVolumes.volume("site-b", joining)).isEmpty();

        bus.command(group, new UpdateGroupOnBackend(group, HOST, REPLICATED_GROUP, true,
                List.of(new UpdateGroupOnBackend.Joining(joining, HOST, Map.of())), List.of()));

        GroupMembershipChanged added = bus.event(GroupMembershipChanged.TYPE, group, GroupMembershipChanged.class);
        assertThat(added.error()).isNull();
        assertThat(added.members()).containsExactlyInAnyOrder(member, joining);
        assertThat(added.volumes()).hasSize(1);
        GroupMembershipChanged.Member result = added.volumes().get(0);
        assertThat(result.volumeId()).isEqualTo(joining);
        assertThat(result.groupId()).isEqualTo(group);
        assertThat(result.replicationStatus()).isEqualTo(ReplicationStatus.ENABLED);
        assertThat(result.replication().scope()).isEqualTo(ReplicationScope.GROUP);
        assertThat(result.replication().target()).isEqualTo("site-b");
        // The driver copied the volume's data to the target before counting it in the group's replication.
        assertThat(ArrayVolumes.checksum("site-b", joining)).isEqualTo(ArrayVolumes.checksum("fast", joining));

        bus.command(group, new UpdateGroupOnBackend(group, HOST, REPLICATED_GROUP, true, List.of(),
                List.of(new GroupMember(member, HOST))));

        GroupMembershipChanged removed = bus.event(GroupMembershipChanged.TYPE, group, GroupMembershipChanged.class,
                changed -> !changed.members().contains(member));
        assertThat(removed.error()).isNull();
        assertThat(removed.members()).containsExactly(joining);
        assertThat(removed.volumes()).singleElement().satisfies(left -> {
            assertThat(left.volumeId()).isEqualTo(member);
            assertThat(left.groupId()).isNull();
            assertThat(left.replicationStatus()).isEqualTo(ReplicationStatus.DISABLED);
        });
    }

    @Test
    void aVolumeReplicatedOnItsOwnIsRefusedBeforeTheDriverIsAsked() {
        String group = UUID.randomUUID().toString();
        String member = create(group, REPLICATED_GROUP);
        bus.event(ReplicationEnabled.TYPE, member, ReplicationEnabled.class);
        String alone = UUID.randomUUID().toString();
        bus.command(alone, new CreateVolumeOnBackend(alone, "project-1", 1, HOST, "type-1",
                Map.of("replication_enabled", "<is> True", "replication_scope", "volume")));
        assertThat(bus.event(ReplicationEnabled.TYPE, alone, ReplicationEnabled.class).replication().scope())
                .isEqualTo(ReplicationScope.VOLUME);

        bus.command(group, new UpdateGroupOnBackend(group, HOST, REPLICATED_GROUP, true,
                List.of(new UpdateGroupOnBackend.Joining(alone, HOST, Map.of())), List.of()));

        GroupMembershipChanged refused = bus.event(GroupMembershipChanged.TYPE, group, GroupMembershipChanged.class);
        assertThat(refused.members()).containsExactly(member);
        assertThat(refused.error()).contains("volume " + alone + " is replicated on its own");
        assertThat(refused.volumes()).singleElement().satisfies(result -> {
            assertThat(result.groupId()).isNull();
            assertThat(result.replication()).isNull();
        });
    }

    /** A volume created on pool-a, in the replicated group when one is named. */
    private String create(String group, Map<String, String> groupSpecs) {
        String id = UUID.randomUUID().toString();
        bus.command(id, group == null ? new CreateVolumeOnBackend(id, "project-1", 1, HOST, "type-1", Map.of())
                : new CreateVolumeOnBackend(id, "project-1", 1, HOST, "type-1", Map.of(), group, groupSpecs));
        return id;
    }
}
