package org.replication.v3.replication.volume.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.support.ReplicationBus;
import org.replication.v3.replication.volume.ReplicatedVolume;
import org.replication.v3.replication.volume.VolumeReplica;

/** The view of replicated volumes against the real database: what each scope holds, and the batch updates. */
@QuarkusTest
class ReplicatedVolumesTest {

    @Inject
    ReplicatedVolumes volumes;
    @Inject
    ReplicationBus bus;

    /** Stores an async volume replicated to site-b, as the volume events would; returns its id. */
    private String stored(String host, String groupId) {
        ReplicatedVolume volume = new ReplicatedVolume();
        volume.volumeId = UUID.randomUUID().toString();
        volume.host = host;
        volume.backendHost = host.substring(0, host.indexOf('#'));
        volume.groupId = groupId;
        volume.mode = "async";
        volume.target = "site-b";
        volume.rpoSeconds = 300;
        volume.replicationStatus = "enabled";
        volume.updatedAt = Instant.now();
        bus.inTransaction(() -> volumes.persist(volume));
        return volume.volumeId;
    }

    private List<VolumeReplica> inScope(ReplicationScope scope, List<String> resources) {
        return bus.inTransaction(() -> volumes.inScope(scope, resources));
    }

    private void run(Supplier<Uni<Void>> update) {
        bus.inTransaction(update);
    }

    @Test
    void eachScopeResolvesToTheVolumesItHolds() {
        String backend = "node-" + UUID.randomUUID().toString().substring(0, 8) + "@fast";
        String group = UUID.randomUUID().toString();
        String a = stored(backend + "#pool-a", group);
        String b = stored(backend + "#pool-a", null);
        String c = stored(backend + "#pool-b", group);

        assertThat(ids(ReplicationScope.VOLUME, List.of(a, c))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(ReplicationScope.GROUP, List.of(group))).containsExactlyInAnyOrder(a, c);
        assertThat(ids(ReplicationScope.POOL, List.of(backend + "#pool-a"))).containsExactlyInAnyOrder(a, b);
        assertThat(ids(ReplicationScope.BACKEND, List.of(backend))).containsExactlyInAnyOrder(a, b, c);
        assertThat(ids(ReplicationScope.POOL, List.of(backend + "#pool-z"))).isEmpty();
        VolumeReplica read = inScope(ReplicationScope.VOLUME, List.of(a)).get(0);
        assertThat(read).isEqualTo(new VolumeReplica(a, backend + "#pool-a", backend, group, "async", "site-b", false,
                300, "enabled", null));
    }

    @Test
    void aSwitchMarksItsVolumesFailingOverThenRecordsWhereEachEndedUp() {
        String backend = "node-" + UUID.randomUUID().toString().substring(0, 8) + "@fast";
        String a = stored(backend + "#pool-a", null);
        String b = stored(backend + "#pool-a", null);

        run(() -> volumes.markSwitching(List.of(a, b)));
        assertThat(inScope(ReplicationScope.BACKEND, List.of(backend))).extracting(VolumeReplica::replicationStatus)
                .containsOnly("failing-over");

        run(() -> volumes.markSwitched(ReplicationStatus.FAILED_OVER, "site-b", List.of(a)));
        run(() -> volumes.markSwitched(ReplicationStatus.ENABLED, null, List.of(b)));
        VolumeReplica failedOver = inScope(ReplicationScope.VOLUME, List.of(a)).get(0);
        VolumeReplica back = inScope(ReplicationScope.VOLUME, List.of(b)).get(0);
        assertThat(failedOver.failedOver()).isTrue();
        assertThat(failedOver.activeBackendId()).isEqualTo("site-b");
        assertThat(back.atPrimary()).isTrue();
    }

    @Test
    void aGroupsUpdateKeepsOnlyItsMembers() {
        String backend = "node-" + UUID.randomUUID().toString().substring(0, 8) + "@fast";
        String group = UUID.randomUUID().toString();
        String stays = stored(backend + "#pool-a", group);
        String leaves = stored(backend + "#pool-a", group);
        String dropped = stored(backend + "#pool-a", group);

        run(() -> volumes.leaveGroup(leaves, group, "disabled"));
        int left = bus.inTransaction(() -> volumes.keepOnlyMembers(group, List.of(stays)));

        assertThat(left).isEqualTo(1);
        assertThat(ids(ReplicationScope.GROUP, List.of(group))).containsExactly(stays);
        assertThat(inScope(ReplicationScope.VOLUME, List.of(leaves, dropped)))
                .extracting(VolumeReplica::volumeId, VolumeReplica::replicationStatus)
                .containsExactlyInAnyOrder(tuple(leaves, "disabled"),
                        tuple(dropped, "enabled"));
    }

    private List<String> ids(ReplicationScope scope, List<String> resources) {
        return inScope(scope, resources).stream().map(VolumeReplica::volumeId).toList();
    }
}
