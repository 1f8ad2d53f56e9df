package org.replication.v3.replication.operation.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.replication.FailoverExpectations.DataLoss;
import org.replication.v3.common.replication.FailoverExpectations.Downtime;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.replication.operation.FailoverPlan;
import org.replication.v3.replication.volume.VolumeReplica;

/** The planner alone: what each request on given volumes switches, through which workflow, at what cost. */
class FailoverPlannerTest {

    static final String BACKEND = "node1@fast";
    static final String POOL = BACKEND + "#pool-a";

    static VolumeReplica async(String id, Integer rpo) {
        return new VolumeReplica(id, POOL, BACKEND, null, "async", "site-b", false, rpo, "enabled", null);
    }

    static VolumeReplica sync(String id, boolean mediator) {
        return new VolumeReplica(id, POOL, BACKEND, null, "sync", "site-b", mediator, null, "enabled", null);
    }

    static VolumeReplica withStatus(VolumeReplica v, String status, String activeBackendId) {
        return new VolumeReplica(v.volumeId(), v.host(), v.backendHost(), v.groupId(), v.mode(), v.target(),
                v.mediator(), v.rpoSeconds(), status, activeBackendId);
    }

    static VolumeReplica on(VolumeReplica v, String host) {
        return new VolumeReplica(v.volumeId(), host, host.substring(0, host.indexOf('#')), v.groupId(), v.mode(),
                v.target(), v.mediator(), v.rpoSeconds(), v.replicationStatus(), v.activeBackendId());
    }

    static FailoverRequested request(FailoverAction action, ReplicationScope scope, List<String> resources) {
        return request(action, scope, resources, null, FailbackChanges.KEEP);
    }

    static FailoverRequested request(FailoverAction action, ReplicationScope scope, List<String> resources,
            String target, FailbackChanges changes) {
        return new FailoverRequested("op-1", action, scope, resources, target, false, null, false, "admin", false,
                changes);
    }

    private static FailoverPlan failover(List<VolumeReplica> volumes) {
        return FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                volumes.stream().map(VolumeReplica::volumeId).toList()), volumes, null);
    }

    @Test
    void asyncVolumesMayLoseUpToTheLargestRpoAndNeedAManualFailover() {
        OperationChanged.Plan plan = failover(List.of(async("a", 300), async("b", 60))).plan();

        assertThat(plan.dataLoss()).isEqualTo(DataLoss.BOUNDED_BY_RPO);
        assertThat(plan.maxDataLossSeconds()).isEqualTo(300);
        assertThat(plan.downtime()).isEqualTo(Downtime.MANUAL_FAILOVER);
        assertThat(plan.volumesByBackend()).containsExactly(Map.entry(BACKEND, 2));
        assertThat(plan.workflow()).isEqualTo("volume fail over: 2 volume(s) in one driver call");
    }

    @Test
    void anAsyncVolumeWithoutAnRpoMayLoseAnUnknownAmount() {
        OperationChanged.Plan plan = failover(List.of(async("a", 300), async("b", null))).plan();

        assertThat(plan.dataLoss()).isEqualTo(DataLoss.BOUNDED_BY_RPO);
        assertThat(failover(List.of(async("c", null))).plan().dataLoss()).isEqualTo(DataLoss.UNKNOWN);
    }

    @Test
    void syncVolumesLoseNothingAndFailOverAutomaticallyOnlyWhenEveryOneHasAMediator() {
        OperationChanged.Plan mediated = failover(List.of(sync("a", true), sync("b", true))).plan();
        OperationChanged.Plan oneWithout = failover(List.of(sync("a", true), sync("b", false))).plan();
        OperationChanged.Plan mixed = failover(List.of(sync("a", true), async("b", 30))).plan();

        assertThat(mediated.dataLoss()).isEqualTo(DataLoss.NONE);
        assertThat(mediated.maxDataLossSeconds()).isNull();
        assertThat(mediated.downtime()).isEqualTo(Downtime.AUTOMATIC_FAILOVER);
        assertThat(oneWithout.dataLoss()).isEqualTo(DataLoss.NONE);
        assertThat(oneWithout.downtime()).isEqualTo(Downtime.MANUAL_FAILOVER);
        assertThat(mixed.dataLoss()).isEqualTo(DataLoss.BOUNDED_BY_RPO);
        assertThat(mixed.downtime()).isEqualTo(Downtime.MANUAL_FAILOVER);
    }

    @Test
    void aFailbackLosesNothingUnlessItDiscardsTheTargetsChanges() {
        VolumeReplica failedOver = withStatus(async("a", 300), "failed-over", "site-b");

        FailoverPlan keep = FailoverPlanner.plan(request(FailoverAction.FAILBACK, ReplicationScope.VOLUME,
                List.of("a"), null, FailbackChanges.KEEP), List.of(failedOver), null);
        FailoverPlan discard = FailoverPlanner.plan(request(FailoverAction.FAILBACK, ReplicationScope.VOLUME,
                List.of("a"), null, FailbackChanges.DISCARD), List.of(failedOver), null);

        assertThat(keep.plan().dataLoss()).isEqualTo(DataLoss.NONE);
        assertThat(keep.plan().workflow()).contains("each primary first gets what was written on the target");
        assertThat(discard.plan().dataLoss()).isEqualTo(DataLoss.UNKNOWN);
        assertThat(discard.plan().downtime()).isEqualTo(Downtime.MANUAL_FAILOVER);
        assertThat(discard.plan().workflow()).contains("the changes made on the target are discarded");
    }

    @Test
    void aReprotectTakesTheFailedOverVolumesAndCostsNothing() {
        VolumeReplica failedOver = withStatus(async("a", 300), "failed-over", "site-b");
        VolumeReplica atPrimary = async("b", 300);

        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.REPROTECT, ReplicationScope.BACKEND,
                List.of(BACKEND)), List.of(failedOver, atPrimary), null);

        assertThat(plan.volumes()).extracting(VolumeReplica::volumeId).containsExactly("a");
        assertThat(plan.plan().dataLoss()).isEqualTo(DataLoss.NONE);
        assertThat(plan.plan().downtime()).isNull();
        assertThat(plan.plan().workflow()).startsWith("backend reprotect: the backend's 1 replicated volumes")
                .contains("becomes its replica");
    }

    @Test
    void aReprotectOfANamedVolumeThatWasNotFailedOverIsRefused() {
        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.REPROTECT, ReplicationScope.VOLUME,
                List.of("a")), List.of(async("a", 300)), null);

        assertThat(plan.refusal()).isEqualTo("only failed-over volumes can be reprotected: a (enabled)");
    }

    @Test
    void discardingTheChangesOfAReprotectedVolumeIsRefused() {
        VolumeReplica reprotected = withStatus(async("a", 300), "enabled", "site-b");

        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.FAILBACK, ReplicationScope.VOLUME,
                List.of("a"), null, FailbackChanges.DISCARD), List.of(reprotected), null);

        assertThat(plan.refusal()).startsWith("cannot discard the target's changes of reprotected volume a");
    }

    @Test
    void aVolumeThatIsNotReplicatedIsRefusedByName() {
        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                List.of("a", "ghost")), List.of(async("a", 300)), null);

        assertThat(plan.isRefused()).isTrue();
        assertThat(plan.refusal()).isEqualTo("volume ghost is not replicated");
        assertThat(plan.volumes()).isEmpty();
    }

    @Test
    void aFailoverLeavesOutWhatIsAlreadyFailedOverAndIsRefusedWhenNothingIsLeft() {
        VolumeReplica done = withStatus(async("a", 300), "failed-over", "site-b");
        FailoverRequested pool = request(FailoverAction.FAILOVER, ReplicationScope.POOL, List.of(POOL));

        assertThat(FailoverPlanner.plan(pool, List.of(done, async("b", 60)), null).volumes())
                .extracting(VolumeReplica::volumeId).containsExactly("b");
        assertThat(FailoverPlanner.plan(pool, List.of(done), null).refusal())
                .isEqualTo("every replicated volume in pool " + POOL + " is already failed-over");
        assertThat(FailoverPlanner.plan(pool, List.of(), null).refusal())
                .isEqualTo("no replicated volume in pool " + POOL);
    }

    @Test
    void aGroupWhoseReplicationIsDisabledIsRefused() {
        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.GROUP,
                List.of("g1")), List.of(withStatus(async("a", 300), "disabled", null)), null);

        assertThat(plan.refusal()).isEqualTo("replication is disabled for the volumes of group g1 that are not"
                + " failed over yet: enable it first");
    }

    @Test
    void aTargetThatIsNotTheVolumesTargetIsRefused() {
        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                List.of("a"), "site-z", FailbackChanges.KEEP), List.of(async("a", 300)), null);

        assertThat(plan.refusal()).isEqualTo("target site-z is not the replication target of a (replicates to"
                + " site-b)");
    }

    @Test
    void aRequestOverlappingARunningOperationIsRefused() {
        FailoverPlan plan = FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                List.of("a")), List.of(async("a", 300)), "op-0");

        assertThat(plan.refusal()).isEqualTo("overlaps running operation op-0");
    }

    @Test
    void eachScopeNamesItsWorkflowAndCountsTheBackendsItCalls() {
        List<VolumeReplica> twoBackends = List.of(async("a", 300), on(async("b", 300), "node2@fast#pool-a"));

        assertThat(FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.BACKEND,
                List.of(BACKEND, "node2@fast")), twoBackends, null).plan().workflow())
                .isEqualTo("backend fail over: the backend's 2 replicated volumes in one driver call per backend (2),"
                        + " then the service is marked failed-over with its active backend");
        assertThat(FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.POOL, List.of(POOL)),
                List.of(async("a", 300)), null).plan().workflow())
                .isEqualTo("pool fail over: the pool's 1 replicated volumes in one driver call");
        assertThat(FailoverPlanner.plan(request(FailoverAction.FAILOVER, ReplicationScope.GROUP, List.of("g1")),
                List.of(async("a", 300), async("b", 300)), null).plan().workflow())
                .isEqualTo("group fail over: the group's 2 volumes together, in one driver call (crash-consistent)");
    }
}
