package org.replication.v3.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.GroupVolumeType;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.scheduler.support.SchedulerBus;

/** Placement honours replication: scopes, the target's modes, RPO, topologies, mediator and scopes. */
@QuarkusTest
class ReplicationPlacementTest {

    private static final String REPLICATED = "<is> True";
    private static final ReplicationTarget ASYNC_ONLY = new ReplicationTarget("site-async",
            Set.of(ReplicationMode.ASYNC), false, Set.of(), false, 60, "az-2", Set.of());
    private static final ReplicationTarget SYNC_WITH_MEDIATOR = new ReplicationTarget("site-sync",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), false, Set.of(SyncTopology.ACTIVE_PASSIVE), true, 30,
            "az-2", Set.of());
    private static final ReplicationTarget OTHER_CLOUD = new ReplicationTarget("remote-openstack-1",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), true, Set.of(SyncTopology.ACTIVE_PASSIVE), false,
            60, null, Set.of());
    private static final ReplicationTarget POOLS_ONLY = new ReplicationTarget("site-pools",
            Set.of(ReplicationMode.ASYNC), false, Set.of(), false, 60, null, Set.of(ReplicationScope.POOL));

    @Inject
    TopicNames topics;
    @Inject
    SchedulerBus bus;

    @Test
    void syncOnAnAsyncOnlyTargetIsRefusedNamingTheModeAndTheTarget() {
        String name = backendWith(List.of(ASYNC_ONLY));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "sync")))
                .startsWith("No valid backend was found.")
                .contains("replication_mode=sync (from volume_type) is not supported by target site-async,"
                        + " which supports async");
    }

    @Test
    void anRpoBelowTheTargetsMinimumIsRefused() {
        String name = backendWith(List.of(ASYNC_ONLY));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "async",
                "replication_rpo_seconds", "10")))
                .contains("replication_rpo_seconds=10 (from volume_type) is below the minimum RPO of target"
                        + " site-async, 60 s");
    }

    @Test
    void syncToATargetInAnotherCloudIsRefused() {
        String name = backendWith(List.of(OTHER_CLOUD));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "sync")))
                .contains("replication_mode=sync cannot reach target remote-openstack-1 in another OpenStack cloud");
    }

    @Test
    void aSyncTopologyTheTargetLacksIsRefused() {
        String name = backendWith(List.of(SYNC_WITH_MEDIATOR));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "sync",
                "replication_sync_topology", "active_active")))
                .contains("replication_sync_topology=active_active is not supported by target site-sync,"
                        + " which supports active_passive");
    }

    @Test
    void aMediatorTheTargetLacksIsRefused() {
        String name = backendWith(List.of(OTHER_CLOUD));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "async",
                "replication_target", "remote-openstack-1", "replication_rpo_seconds", "600")))
                .isNull();
        String noMediator = backendWith(List.of(new ReplicationTarget("site-plain", Set.of(ReplicationMode.SYNC),
                false, Set.of(SyncTopology.ACTIVE_PASSIVE), false, null, null, Set.of())));
        assertThat(refusal(noMediator, Map.of("replication_enabled", REPLICATED, "replication_mode", "sync",
                "replication_mediator", REPLICATED)))
                .contains("replication_mediator is asked for but target site-plain has no mediator");
    }

    @Test
    void aScopeTheTargetCannotReplicateIsRefused() {
        String name = backendWith(List.of(POOLS_ONLY));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_scope", "volume")))
                .contains("replication_scope=volume is not supported by target site-pools, which replicates pool");
    }

    @Test
    void aBackendWithoutTargetsTakesNoReplicatedVolume() {
        String name = backendWith(List.of());

        // As Cinder's CapabilitiesFilter: the backend reports replication_enabled false when it has no target.
        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED)))
                .contains("extra spec replication_enabled=<is> True not supported");
        assertThat(refusal(name, Map.of())).isNull();
    }

    @Test
    void aReplicationTargetTheBackendDoesNotHaveIsRefused() {
        String name = backendWith(List.of(ASYNC_ONLY));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_target", "site-x")))
                .contains("replication_target=site-x is not a target of backend")
                .contains("whose targets are site-async");
    }

    @Test
    void unreadableReplicationSettingsAreRefusedWithTheValue() {
        String name = backendWith(List.of(ASYNC_ONLY));

        assertThat(refusal(name, Map.of("replication_enabled", REPLICATED, "replication_mode", "fast")))
                .startsWith("No valid backend was found. Invalid replication settings:")
                .contains("invalid replication_mode 'fast'");
    }

    @Test
    void aSyncTypeLandsOnTheBackendWhoseTargetCanDoSyncEvenWithLessRoom() {
        String name = "repl-" + UUID.randomUUID();
        String asyncHost = report(name, 5000, List.of(ASYNC_ONLY), ReplicationDefaults.NONE, null);
        String syncHost = report(name, 100, List.of(SYNC_WITH_MEDIATOR), ReplicationDefaults.NONE, null);

        String placed = placed(Map.of("volume_backend_name", name, "replication_enabled", REPLICATED,
                "replication_mode", "sync", "replication_mediator", REPLICATED));
        assertThat(placed).isEqualTo(syncHost + "#pool-1");
        String async = placed(Map.of("volume_backend_name", name, "replication_enabled", REPLICATED,
                "replication_mode", "async", "replication_rpo_seconds", "300"));
        assertThat(async).isEqualTo(asyncHost + "#pool-1");
    }

    @Test
    void aPoolReplicatedAsAWholeRefusesVolumeScopeButTakesATypeWithoutScope() {
        String name = "fast-" + UUID.randomUUID();
        ReplicationDefaults wholePool = new ReplicationDefaults(ReplicationScope.POOL, null, null, null, 300,
                "site-sync");
        String host = report(name, 5000, List.of(SYNC_WITH_MEDIATOR), wholePool, "pool-b");

        String refused = refusal(name, Map.of("replication_enabled", REPLICATED, "replication_scope", "volume"));
        assertThat(refused).contains(host + "#pool-b is replicated as a whole (replication_scope=pool);"
                + " a volume replicated on its own (replication_scope=volume) cannot be placed there");
        assertThat(placed(Map.of("volume_backend_name", name, "replication_enabled", REPLICATED)))
                .isEqualTo(host + "#pool-b");
        assertThat(placed(Map.of("volume_backend_name", name))).isEqualTo(host + "#pool-b");
    }

    @Test
    void aVolumeScopeTypeSkipsTheWholeReplicatedPoolForTheOtherPool() {
        String name = "fast-" + UUID.randomUUID();
        String host = "host-" + UUID.randomUUID() + "@" + name;
        ReplicationDefaults wholePool = new ReplicationDefaults(ReplicationScope.POOL, null, null, null, 300,
                "site-sync");
        ReplicationDefaults perVolume = new ReplicationDefaults(null, null, null, null, 300, "site-sync");
        publish(host, name, List.of(pool("pool-a", 100, perVolume), pool("pool-b", 5000, wholePool)),
                List.of(SYNC_WITH_MEDIATOR), Map.of());

        assertThat(placed(Map.of("volume_backend_name", name, "replication_enabled", REPLICATED,
                "replication_scope", "volume", "replication_mode", "sync"))).isEqualTo(host + "#pool-a");
    }

    @Test
    void aGroupReplicatedAsAGroupRefusesAVolumeTypeReplicatedOnItsOwn() {
        String name = backendWith(List.of(ASYNC_ONLY), Map.of("consistent_group_snapshot_enabled", "False",
                "group_replication_enabled", "True"));
        String conflicting = UUID.randomUUID().toString();
        String fine = UUID.randomUUID().toString();

        bus.send(topics.schedulerCommands(), new ScheduleGroupCreate(conflicting, "p1", "gt-1",
                Map.of("group_replication_enabled", REPLICATED), List.of(new GroupVolumeType("vt-1",
                        Map.of("volume_backend_name", name, "replication_enabled", REPLICATED,
                                "replication_scope", "volume"))), null));
        bus.send(topics.schedulerCommands(), new ScheduleGroupCreate(fine, "p1", "gt-1",
                Map.of("group_replication_enabled", REPLICATED), List.of(new GroupVolumeType("vt-1",
                        Map.of("volume_backend_name", name))), null));

        GroupSchedulingFailed failed = bus.awaitEvent(topics.schedulerEvents(), conflicting, GroupSchedulingFailed.class,
                GroupSchedulingFailed.TYPE);
        assertThat(failed.reason()).startsWith("No valid backend was found.")
                .contains("a volume of a replicated group is not also replicated on its own");
        CreateGroupOnBackend placed = bus.awaitEvent(topics.volumeCommands(), fine, CreateGroupOnBackend.class,
                CreateGroupOnBackend.TYPE);
        assertThat(placed.host()).contains("@" + name + "#");

        // The group's volumes are placed with the group's specs: scope group is what they may ask for.
        String volume = UUID.randomUUID().toString();
        bus.send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt-1", "vt-1",
                Map.of("volume_backend_name", name, "replication_scope", "group"), null, fine));
        assertThat(bus.outcome(volume).host()).isEqualTo(placed.host());
    }

    /** A backend of its own (a unique volume_backend_name) with one pool of 1000 GiB and these targets. */
    private String backendWith(List<ReplicationTarget> targets) {
        return backendWith(targets, Map.of());
    }

    private String backendWith(List<ReplicationTarget> targets, Map<String, String> capabilities) {
        String name = "repl-" + UUID.randomUUID();
        publish("host-" + UUID.randomUUID() + "@" + name, name, List.of(pool("pool-1", 1000,
                targets.isEmpty() ? ReplicationDefaults.NONE
                        : new ReplicationDefaults(null, null, null, null, null, targets.get(0).backendId()))),
                targets, capabilities);
        return name;
    }

    private String report(String name, double freeGb, List<ReplicationTarget> targets, ReplicationDefaults defaults,
            String poolName) {
        String host = "host-" + UUID.randomUUID() + "@" + name;
        publish(host, name, List.of(pool(poolName == null ? "pool-1" : poolName, freeGb, defaults)), targets,
                Map.of());
        return host;
    }

    private static PoolCapabilities pool(String name, double freeGb, ReplicationDefaults defaults) {
        return new PoolCapabilities(name, freeGb, freeGb, 0, false, 1.0, 0, Map.of(), defaults);
    }

    /** Publishes a report and waits until the scheduler has stored it. */
    private void publish(String host, String name, List<PoolCapabilities> pools, List<ReplicationTarget> targets,
            Map<String, String> capabilities) {
        Map<String, String> all = new HashMap<>(capabilities);
        all.put("volume_backend_name", name);
        bus.report(new BackendCapabilities(host, name, "test", "1", "file", "nova", Instant.now(), pools, all,
                !targets.isEmpty(), targets));
    }

    /** The refusal of a 1 GiB volume of a type pinned to the backend, or null when it was placed. */
    private String refusal(String backendName, Map<String, String> replication) {
        Map<String, String> specs = new HashMap<>(replication);
        specs.put("volume_backend_name", backendName);
        return bus.outcome(schedule(specs)).refusal();
    }

    private String placed(Map<String, String> specs) {
        return bus.outcome(schedule(specs)).host();
    }

    private String schedule(Map<String, String> specs) {
        String volume = UUID.randomUUID().toString();
        bus.send(topics.schedulerCommands(), new ScheduleVolumeCreate(volume, "p1", "u1", 1, "vt", "vt", specs, null,
                null));
        return volume;
    }
}
