package org.replication.v3.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.GroupVolumeType;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.scheduler.support.SchedulerBus;

/** Placing groups, and the volumes of a group, through the real broker and database. */
@QuarkusTest
class GroupSchedulingTest {

    private static final Map<String, String> GROUP_CAPABLE = Map.of("consistent_group_snapshot_enabled", "False");

    @Inject
    TopicNames topics;
    @Inject
    SchedulerBus bus;

    @Test
    void aGroupGoesToABackendThatSupportsGroupsAndSuitsEveryTypeAndItsVolumesFollowItWithTheGroupSpecs() {
        String backendName = "grp-" + UUID.randomUUID();
        String groupCapable = "host-" + UUID.randomUUID() + "@" + backendName;
        String roomier = "host-" + UUID.randomUUID() + "@" + backendName;
        report(groupCapable, backendName, 100, GROUP_CAPABLE);
        report(roomier, backendName, 5000, Map.of());
        String group = UUID.randomUUID().toString();

        bus.send(topics.schedulerCommands(), new ScheduleGroupCreate(group, "p1", "gt-1",
                Map.of("consistent_group_snapshot_enabled", "<is> False"),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName)),
                        new GroupVolumeType("vt-2", Map.of())), null));

        CreateGroupOnBackend placed = bus.awaitEvent(topics.volumeCommands(), group, CreateGroupOnBackend.class,
                CreateGroupOnBackend.TYPE);
        assertThat(placed.host()).isEqualTo(groupCapable + "#pool-1");
        assertThat(placed.groupSpecs()).containsEntry("consistent_group_snapshot_enabled", "<is> False");

        String volume = UUID.randomUUID().toString();
        bus.send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt-1", "vt-1",
                Map.of("volume_backend_name", backendName), null, group));
        CreateVolumeOnBackend created = bus.awaitEvent(topics.volumeCommands(), volume, CreateVolumeOnBackend.class,
                CreateVolumeOnBackend.TYPE);
        assertThat(created.host()).startsWith(groupCapable + "#");
        // The group type's specs travel with the volume: its backend replicates it as the group says.
        assertThat(created.groupId()).isEqualTo(group);
        assertThat(created.groupSpecs()).containsEntry("consistent_group_snapshot_enabled", "<is> False");
    }

    @Test
    void aGroupNoBackendSuitsFailsWithTheReasons() {
        String backendName = "grp-" + UUID.randomUUID();
        report("host-" + UUID.randomUUID() + "@" + backendName, backendName, 100, GROUP_CAPABLE);
        String typeMismatch = UUID.randomUUID().toString();
        String groupSpecMismatch = UUID.randomUUID().toString();

        bus.send(topics.schedulerCommands(), new ScheduleGroupCreate(typeMismatch, "p1", "gt-1", Map.of(),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName)),
                        new GroupVolumeType("vt-2", Map.of("volume_backend_name", "elsewhere"))), null));
        bus.send(topics.schedulerCommands(), new ScheduleGroupCreate(groupSpecMismatch, "p1", "gt-2",
                Map.of("consistent_group_snapshot_enabled", "<is> True"),
                List.of(new GroupVolumeType("vt-1", Map.of("volume_backend_name", backendName))), null));

        assertThat(failure(typeMismatch)).startsWith("No valid backend was found.")
                .contains("volume_backend_name=elsewhere");
        assertThat(failure(groupSpecMismatch)).startsWith("No valid backend was found.")
                .contains("consistent_group_snapshot_enabled=<is> True");
    }

    @Test
    void aVolumeOfAGroupThatWasNeverPlacedIsRefused() {
        String volume = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();

        bus.send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt-1", "vt-1", Map.of(),
                null, group));

        assertThat(bus.outcome(volume).refusal()).contains("Group " + group + " has not been placed on any backend.");
    }

    private String failure(String group) {
        return bus.awaitEvent(topics.schedulerEvents(), group, GroupSchedulingFailed.class, GroupSchedulingFailed.TYPE)
                .reason();
    }

    /** Publishes a report and waits until the scheduler has stored it. */
    private void report(String host, String backendName, double freeGb, Map<String, String> capabilities) {
        Map<String, String> all = new HashMap<>(capabilities);
        all.put("volume_backend_name", backendName);
        bus.report(new BackendCapabilities(host, backendName, "test", "1", "file", "nova", Instant.now(),
                List.of(new PoolCapabilities("pool-1", freeGb, freeGb, 0, false, 1.0, 0, Map.of(), null)), all, false,
                List.of()));
    }
}
