package org.replication.v3.replication.operation.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.replication.operation.FailoverPlan;
import org.replication.v3.replication.operation.ItemCounts;
import org.replication.v3.replication.operation.Operation;
import org.replication.v3.replication.support.ReplicationBus;
import org.replication.v3.replication.volume.VolumeReplica;

/** An operation's items against the real database: a whole backend in one statement, settled once. */
@QuarkusTest
class OperationItemsTest {

    private static final String BACKEND = "node-items@fast";

    @Inject
    OperationItems items;
    @Inject
    ReplicationBus bus;

    private static VolumeReplica volume(String id) {
        return new VolumeReplica(id, BACKEND + "#pool-a", BACKEND, null, "async", "site-b", false, 60, "enabled",
                null);
    }

    /** A running operation of these volumes, with one pending item each. */
    private String running(List<VolumeReplica> volumes) {
        FailoverRequested request = new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.BACKEND, List.of(BACKEND), null, false, null, false, "admin", false);
        Operation operation = Operation.requested(request, new FailoverPlan(volumes, null, null), Instant.now());
        bus.inTransaction(() -> operation.persistAndFlush()
                .chain(() -> items.insertPending(operation.id, volumes)));
        return operation.id;
    }

    private static VolumesSwitched.Result done(String id) {
        return new VolumesSwitched.Result(id, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null);
    }

    @Test
    void tenThousandVolumesArePendingAndAnsweredResultsSettleOnce() {
        List<VolumeReplica> volumes = IntStream.range(0, 10_000).mapToObj(i -> volume(UUID.randomUUID().toString()))
                .toList();
        String operation = running(volumes);
        assertThat(bus.inTransaction(() -> items.countByState(operation))).isEqualTo(new ItemCounts(0, 0, 10_000));

        VolumesSwitched answer = new VolumesSwitched(operation, BACKEND, FailoverAction.FAILOVER, "site-b", List.of(
                done(volumes.get(0).volumeId()), done(volumes.get(1).volumeId()),
                new VolumesSwitched.Result(volumes.get(2).volumeId(), ReplicationStatus.FAILOVER_ERROR, 0, null,
                        "array said no")));
        bus.inTransaction(() -> items.settle(answer));
        bus.inTransaction(() -> items.settle(answer));

        assertThat(bus.inTransaction(() -> items.countByState(operation))).isEqualTo(new ItemCounts(2, 1, 9_997));
    }

    @Test
    void aVolumeStillPendingNamesItsOperationUntilItIsSettled() {
        VolumeReplica volume = volume(UUID.randomUUID().toString());
        String operation = running(List.of(volume));

        assertThat(bus.inTransaction(() -> items.pendingOperationOf(List.of(volume.volumeId(), "other"))))
                .isEqualTo(operation);
        bus.inTransaction(() -> items.settle(new VolumesSwitched(operation, BACKEND, FailoverAction.FAILOVER,
                "site-b", List.of(done(volume.volumeId())))));
        assertThat(bus.inTransaction(() -> items.pendingOperationOf(List.of(volume.volumeId())))).isNull();
        assertThat(bus.inTransaction(() -> items.pendingOperationOf(List.of()))).isNull();
    }

    @Test
    void anOperationWithoutItemsCountsNothing() {
        assertThat(bus.inTransaction(() -> items.countByState("no-such-operation")))
                .isEqualTo(new ItemCounts(0, 0, 0));
    }
}
