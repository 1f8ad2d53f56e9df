package org.replication.v3.volume.group.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.volume.support.ArrayVolumes;
import org.replication.v3.volume.support.VolumeServiceBus;

/** Group commands through the real broker and database, down to the reference driver's array. */
@QuarkusTest
class GroupCommandsTest {

    @Inject
    VolumeServiceBus bus;
    @Inject
    EventCodec codec;

    @Test
    void createsTheGroupOnceAndAnnouncesItUnderTheGroupId() {
        String id = UUID.randomUUID().toString();
        EventEnvelope command = codec.wrap(create(id, "node1@fast#pool-a"));

        bus.command(command);
        bus.command(command);

        GroupCreated created = bus.event(GroupCreated.TYPE, id, GroupCreated.class);
        assertThat(created.host()).isEqualTo("node1@fast#pool-a");
        String marker = UUID.randomUUID().toString();
        bus.command(create(marker, "node1@fast#pool-a"));
        bus.event(GroupCreated.TYPE, marker, GroupCreated.class);
        assertThat(bus.seen(id)).isEqualTo(1);
    }

    @Test
    void aGroupOnAPoolTheArrayLacksFailsWithAReadableReason() {
        String id = UUID.randomUUID().toString();

        bus.command(create(id, "node1@fast#no-such-pool"));

        GroupCreateFailed failed = bus.event(GroupCreateFailed.TYPE, id, GroupCreateFailed.class);
        assertThat(failed.reason()).isEqualTo("pool no-such-pool does not exist on this array");
    }

    @Test
    void deleteRemovesTheGroupsVolumesAndThenTheGroup() {
        String group = UUID.randomUUID().toString();
        String volume = UUID.randomUUID().toString();
        bus.command(create(group, "node1@fast#pool-b"));
        bus.event(GroupCreated.TYPE, group, GroupCreated.class);
        bus.command(new CreateVolumeOnBackend(volume, "project-1", 1, "node1@fast#pool-a", "type-1", Map.of()));
        bus.event(VolumeCreated.TYPE, volume, VolumeCreated.class);

        bus.command(new DeleteGroup(group, "node1@fast#pool-b", List.of(new GroupMember(volume, "node1@fast#pool-a"))));

        bus.event(VolumeDeleted.TYPE, volume, VolumeDeleted.class);
        bus.event(GroupDeleted.TYPE, group, GroupDeleted.class);
        assertThat(ArrayVolumes.volume("fast", volume)).as("deleted on the array").isEmpty();
    }

    private static CreateGroupOnBackend create(String id, String host) {
        return new CreateGroupOnBackend(id, "project-1", host, "group-type-1", Map.of());
    }
}
