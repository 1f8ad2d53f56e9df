package org.replication.v3.replication.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.FailoverExpectations.DataLoss;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.replication.support.ReplicationBus;

/**
 * Failover operations end to end through the replication-service, with the volume-service's side played by hand:
 * a request is planned, switched backend by backend, completed from the results; or refused, or only planned; and
 * a mediated volume whose primary stays lost is failed over by itself.
 */
@QuarkusTest
class FailoverOperationTest {

    private static final Duration WAIT = ReplicationBus.WAIT;

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Pool pool;
    @Inject
    ReplicationBus bus;

    private final Set<String> reportedBackends = new HashSet<>();

    private void send(String topic, DomainEvent event) {
        bus.send(topic, event);
    }

    /** A backend's capability report with one target, site-b, once the replication-service has stored it. */
    private void reports(String backend, Instant at, Set<ReplicationMode> modes, Boolean reachable) {
        reports(backend, at, modes, reachable, "node1", true);
    }

    /** The same, sent by the named volume-service instance, saying whether the backend's own array answered it. */
    private void reports(String backend, Instant at, Set<ReplicationMode> modes, Boolean reachable, String by,
            Boolean arrayReachable) {
        ReplicationTarget siteB = new ReplicationTarget("site-b", modes, false, Set.of(SyncTopology.ACTIVE_PASSIVE),
                true, 30, "az-2", EnumSet.allOf(ReplicationScope.class), reachable);
        send(topics.backendCapabilities(), new BackendCapabilities(backend, "fast", "test", "1", "file", "nova", at,
                List.of(), Map.of(), true, List.of(siteB), by, arrayReachable));
        await().atMost(WAIT).until(() -> pool.preparedQuery(
                        "select count(*) from backend_report where backend_host = $1 and reported_at = $2")
                .execute(Tuple.of(backend, at.atOffset(ZoneOffset.UTC))).await().atMost(WAIT).iterator().next()
                .getLong(0) == 1);
    }

    /**
     * A replicated volume as volume-service announces it, once the replication-service has stored it; its backend
     * reports site-b (sync and async, reachable) unless a test said otherwise before.
     */
    private String replicated(String host, VolumeReplication replication, String groupId) {
        String backend = host.substring(0, host.indexOf('#'));
        if (reportedBackends.add(backend)) {
            reports(backend, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    EnumSet.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), true);
        }
        String id = UUID.randomUUID().toString();
        send(topics.volumeEvents(), new ReplicationEnabled(id, host, replication, null, groupId));
        await().atMost(WAIT).until(() -> pool.preparedQuery(
                        "select count(*) from replicated_volume where volume_id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getLong(0) == 1);
        return id;
    }

    private static VolumeReplication async(int rpoSeconds) {
        return new VolumeReplication(ReplicationStatus.ENABLED, ReplicationMode.ASYNC, ReplicationScope.VOLUME,
                "site-b", null, false, rpoSeconds, Map.of(), null);
    }

    private static VolumeReplication syncMediated() {
        return new VolumeReplication(ReplicationStatus.ENABLED, ReplicationMode.SYNC, ReplicationScope.VOLUME,
                "site-b", SyncTopology.ACTIVE_PASSIVE, true, null, Map.of(), null);
    }

    private static FailoverRequested request(ReplicationScope scope, List<String> resources, String target,
            boolean dryRun) {
        return new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER, scope, resources, target,
                false, "test", dryRun, "admin", false);
    }

    private <T extends DomainEvent> T next(String topic, Class<T> type, String expectedType, Predicate<T> wanted) {
        return bus.awaitEvent(topic, type, expectedType, wanted);
    }

    private OperationChanged changed(String operationId, String state) {
        return next(topics.replicationEvents(), OperationChanged.class, OperationChanged.TYPE,
                e -> e.operationId().equals(operationId) && e.state() == OperationState.of(state));
    }

    private static String newBackend() {
        return "node-" + UUID.randomUUID().toString().substring(0, 8) + "@fast";
    }

    @Test
    void aVolumeFailoverSwitchesThroughTheVolumeServiceAndCompletesWithItsResults() {
        String backend = newBackend();
        String a = replicated(backend + "#pool-a", async(300), null);
        String b = replicated(backend + "#pool-a", async(60), null);
        FailoverRequested request = request(ReplicationScope.VOLUME, List.of(a, b), "site-b", false);
        send(topics.replicationCommands(), request);

        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        assertThat(switching.host()).isEqualTo(backend);
        assertThat(switching.volumeIds()).containsExactlyInAnyOrder(a, b);
        assertThat(switching.action()).isEqualTo(FailoverAction.FAILOVER);
        // two volumes named: they are the unit, no scope id
        assertThat(switching.scope()).isEqualTo(ReplicationScope.VOLUME);
        assertThat(switching.scopeId()).isNull();
        OperationChanged running = changed(request.operationId(), "running");
        assertThat(running.total()).isEqualTo(2);
        assertThat(running.plan().volumesByBackend()).containsExactly(Map.entry(backend, 2));
        assertThat(running.plan().dataLoss()).isEqualTo(DataLoss.BOUNDED_BY_RPO);
        assertThat(running.plan().maxDataLossSeconds()).isEqualTo(300);

        send(topics.volumeEvents(), new VolumesSwitched(request.operationId(), backend, FailoverAction.FAILOVER,
                "site-b", List.of(new VolumesSwitched.Result(a, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null),
                        new VolumesSwitched.Result(b, ReplicationStatus.FAILED_OVER, 512, Instant.now(), null))));
        OperationChanged completed = changed(request.operationId(), "completed");
        assertThat(completed.done()).isEqualTo(2);
        assertThat(completed.failed()).isZero();
        assertThat(completed.finishedAt()).isNotNull();
        assertThat(completed.results()).extracting(VolumesSwitched.Result::volumeId).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aBackendFailoverLeftToTheConfigurationNamesTheTargetItsVolumesShare() {
        String backend = newBackend();
        replicated(backend + "#pool-a", async(300), null);
        replicated(backend + "#pool-b", async(60), null);
        FailoverRequested request = request(ReplicationScope.BACKEND, List.of(backend), null, false);
        send(topics.replicationCommands(), request);

        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        // each volume still goes to its own configured target: the command names none
        assertThat(switching.target()).isNull();
        assertThat(switching.scope()).isEqualTo(ReplicationScope.BACKEND);
        assertThat(switching.scopeId()).isEqualTo(backend);
        assertThat(changed(request.operationId(), "running").target()).isEqualTo("site-b");
    }

    @Test
    void aGroupFailoverSwitchesTheGroupsVolumes() {
        String backend = newBackend();
        String group = UUID.randomUUID().toString();
        String a = replicated(backend + "#pool-a", async(300), group);
        String b = replicated(backend + "#pool-a", async(300), group);
        replicated(backend + "#pool-a", async(300), null);
        FailoverRequested request = request(ReplicationScope.GROUP, List.of(group), null, false);
        send(topics.replicationCommands(), request);

        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        assertThat(switching.volumeIds()).containsExactlyInAnyOrder(a, b);
        assertThat(switching.scope()).isEqualTo(ReplicationScope.GROUP);
        assertThat(switching.scopeId()).isEqualTo(group);
    }

    @Test
    void aPoolFailoverSwitchesThatPoolsVolumesAndTellsTheDriverWhichPool() {
        String backend = newBackend();
        String a = replicated(backend + "#pool-a", async(300), null);
        String b = replicated(backend + "#pool-a", async(300), null);
        replicated(backend + "#pool-b", async(300), null);
        FailoverRequested request = request(ReplicationScope.POOL, List.of(backend + "#pool-a"), null, false);
        send(topics.replicationCommands(), request);

        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        assertThat(switching.host()).isEqualTo(backend);
        assertThat(switching.volumeIds()).containsExactlyInAnyOrder(a, b);
        assertThat(switching.scope()).isEqualTo(ReplicationScope.POOL);
        assertThat(switching.scopeId()).isEqualTo(backend + "#pool-a");
        assertThat(changed(request.operationId(), "running").plan().workflow())
                .startsWith("pool fail over: the pool's 2 replicated volumes in one driver call");
    }

    @Test
    void aGroupFailoverSwitchesTheMembershipTheGroupsBackendLastAnnounced() {
        String backend = newBackend();
        String host = backend + "#pool-a";
        String group = UUID.randomUUID().toString();
        VolumeReplication withGroup = new VolumeReplication(ReplicationStatus.ENABLED, ReplicationMode.ASYNC,
                ReplicationScope.GROUP, "site-b", null, false, 300, Map.of(), null);
        String stays = replicated(host, withGroup, group);
        String leaves = replicated(host, withGroup, group);
        // Known to no one here before it joined: it replicates from the moment the group took it in.
        String joins = UUID.randomUUID().toString();

        send(topics.volumeEvents(), new GroupMembershipChanged(group, host, List.of(stays, joins), null, List.of(
                new GroupMembershipChanged.Member(joins, host, group, withGroup, ReplicationStatus.ENABLED, null),
                new GroupMembershipChanged.Member(leaves, host, null, null, ReplicationStatus.DISABLED, null))));
        await().atMost(WAIT).until(() -> pool.preparedQuery("select count(*) from replicated_volume"
                + " where group_id = $1 and volume_id = any($2)").execute(Tuple.of(group, new String[] {joins}))
                .await().atMost(WAIT).iterator().next().getLong(0) == 1);
        assertThat(stored(leaves)[0]).isEqualTo("disabled");

        FailoverRequested request = request(ReplicationScope.GROUP, List.of(group), null, false);
        send(topics.replicationCommands(), request);

        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        assertThat(switching.volumeIds()).containsExactlyInAnyOrder(stays, joins);
        assertThat(changed(request.operationId(), "running").total()).isEqualTo(2);
    }

    @Test
    void aGroupWhoseReplicationWasDisabledIsNotFailedOver() {
        String backend = newBackend();
        String group = UUID.randomUUID().toString();
        String a = replicated(backend + "#pool-a", async(300), group);
        String b = replicated(backend + "#pool-a", async(300), group);
        send(topics.volumeEvents(), new GroupReplicationChanged(group, false, ReplicationStatus.DISABLED, null, List.of(
                new GroupReplicationChanged.VolumeResult(a, ReplicationStatus.DISABLED, null),
                new GroupReplicationChanged.VolumeResult(b, ReplicationStatus.DISABLED, null))));
        await().atMost(WAIT).until(() -> "disabled".equals(stored(a)[0]) && "disabled".equals(stored(b)[0]));

        FailoverRequested request = request(ReplicationScope.GROUP, List.of(group), null, false);
        send(topics.replicationCommands(), request);
        assertThat(changed(request.operationId(), "refused").refusal())
                .isEqualTo("replication is disabled for the volumes of group " + group
                        + " that are not failed over yet: enable it first");
    }

    @Test
    void aFailoverIsCheckedAgainstWhatTheBackendLastReported() {
        String silent = newBackend();
        reportedBackends.add(silent);
        String never = replicated(silent + "#pool-a", async(300), null);
        assertThat(refusal(request(ReplicationScope.VOLUME, List.of(never), null, false))).isEqualTo("backend "
                + silent + " has never reported its capabilities: no volume-service is known to run it");

        String stale = newBackend();
        reportedBackends.add(stale);
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        reports(stale, longAgo, EnumSet.of(ReplicationMode.ASYNC), true);
        String old = replicated(stale + "#pool-a", async(300), null);
        assertThat(refusal(request(ReplicationScope.VOLUME, List.of(old), null, false)))
                .isEqualTo("backend " + stale + " has not reported since " + longAgo + " (last report from node1,"
                        + " down after 60 s): no live volume-service instance runs it to do the failover");

        String asyncOnly = newBackend();
        reportedBackends.add(asyncOnly);
        reports(asyncOnly, Instant.now().truncatedTo(ChronoUnit.MILLIS), EnumSet.of(ReplicationMode.ASYNC), true);
        String sync = replicated(asyncOnly + "#pool-a", syncMediated(), null);
        assertThat(refusal(request(ReplicationScope.VOLUME, List.of(sync), null, false))).isEqualTo("target site-b"
                + " of backend " + asyncOnly + " does not support sync replication, which volume " + sync + " uses");

        String cutOff = newBackend();
        reportedBackends.add(cutOff);
        reports(cutOff, Instant.now().truncatedTo(ChronoUnit.MILLIS), EnumSet.of(ReplicationMode.ASYNC), false);
        String unreachable = replicated(cutOff + "#pool-a", async(300), null);
        assertThat(refusal(request(ReplicationScope.VOLUME, List.of(unreachable), null, false)))
                .startsWith("target site-b of backend " + cutOff + " answers no live volume-service instance (last"
                        + " report from node1 at ");
        assertThat(stored(unreachable)[0]).isEqualTo("enabled");
    }

    @Test
    void aTargetTheBackendNoLongerReportsIsRefused() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", new VolumeReplication(ReplicationStatus.ENABLED,
                ReplicationMode.ASYNC, ReplicationScope.VOLUME, "site-z", null, false, 300, Map.of(), null), null);
        assertThat(refusal(request(ReplicationScope.VOLUME, List.of(volume), null, false))).isEqualTo(
                "target site-z is not a replication target of backend " + backend + " (it reports: site-b)");
    }

    private String refusal(FailoverRequested request) {
        send(topics.replicationCommands(), request);
        return changed(request.operationId(), "refused").refusal();
    }

    @Test
    void aRequestForAVolumeThatIsNotReplicatedIsRefused() {
        String unknown = UUID.randomUUID().toString();
        FailoverRequested request = request(ReplicationScope.VOLUME, List.of(unknown), null, false);
        send(topics.replicationCommands(), request);
        OperationChanged refused = changed(request.operationId(), "refused");
        assertThat(refused.refusal()).isEqualTo("volume " + unknown + " is not replicated");
        assertThat(refused.total()).isZero();
    }

    @Test
    void aRequestOverlappingARunningOperationIsRefused() {
        String volume = replicated(newBackend() + "#pool-a", async(300), null);
        FailoverRequested first = request(ReplicationScope.VOLUME, List.of(volume), null, false);
        send(topics.replicationCommands(), first);
        changed(first.operationId(), "running");

        FailoverRequested second = request(ReplicationScope.VOLUME, List.of(volume), null, false);
        send(topics.replicationCommands(), second);
        assertThat(changed(second.operationId(), "refused").refusal())
                .isEqualTo("overlaps running operation " + first.operationId());
    }

    @Test
    void aDryRunIsPlannedAndSwitchesNothing() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", async(120), null);
        FailoverRequested request = request(ReplicationScope.VOLUME, List.of(volume), "site-b", true);
        send(topics.replicationCommands(), request);

        OperationChanged planned = changed(request.operationId(), "planned");
        assertThat(planned.plan().maxDataLossSeconds()).isEqualTo(120);
        assertThat(planned.plan().volumesByBackend()).containsExactly(Map.entry(backend, 1));
        assertThat(bus.readToEnd(topics.volumeCommands())).noneMatch(record -> {
            var envelope = codec.decode(record.value());
            return envelope.type().equals(SwitchVolumes.TYPE)
                    && codec.data(envelope, SwitchVolumes.class).operationId().equals(request.operationId());
        });
        // nothing runs, so the same volume may be failed over at once
        FailoverRequested real = request(ReplicationScope.VOLUME, List.of(volume), "site-b", false);
        send(topics.replicationCommands(), real);
        changed(real.operationId(), "running");
    }

    @Test
    void aMediatedVolumeWhosePrimaryStaysLostIsFailedOverAutomatically() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", syncMediated(), null);
        send(topics.volumeEvents(), new MediatorDecided(volume, backend + "#pool-a", MediatorDecided.Kind.PRIMARY_LOST,
                "array unreachable"));

        OperationChanged automatic = next(topics.replicationEvents(), OperationChanged.class, OperationChanged.TYPE,
                e -> e.resources().equals(List.of(volume)) && e.automatic());
        assertThat(automatic.state()).isEqualTo(OperationState.RUNNING);
        assertThat(automatic.requestedBy()).isEqualTo("replication-service");
        assertThat(automatic.reason()).contains("array unreachable");
        assertThat(automatic.plan().dataLoss()).isEqualTo(DataLoss.NONE);
        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(automatic.operationId()));
        assertThat(switching.volumeIds()).containsExactly(volume);
    }

    @Test
    void targetsTheMediatorPromotedAreRecordedAtOnceInOneOperationAndOnlyOnce() {
        String backend = newBackend();
        List<String> promoted = List.of(replicated(backend + "#pool-a", syncMediated(), null),
                replicated(backend + "#pool-a", syncMediated(), null), replicated(backend + "#pool-a", syncMediated(),
                        null));
        // Active/passive: first "lost, waiting for the grace period", then the mediator's own promote. Active/active
        // volumes get only the second.
        send(topics.volumeEvents(), new MediatorDecidedV2(backend, "d-1", "site_lost", "array site-c lost",
                Instant.now(), Instant.now(), List.of(new MediatorDecidedV2.Entry(promoted.get(0),
                        MediatorDecided.Kind.PRIMARY_LOST, false))));
        send(topics.volumeEvents(), new MediatorDecidedV2(backend, "d-2", "site_lost", "array site-c lost",
                Instant.now(), Instant.now(), promoted.stream().map(id -> new MediatorDecidedV2.Entry(id,
                        MediatorDecided.Kind.PRIMARY_LOST, true)).toList()));

        OperationChanged automatic = next(topics.replicationEvents(), OperationChanged.class, OperationChanged.TYPE,
                e -> e.resources().contains(promoted.get(1)) && e.automatic());
        assertThat(automatic.resources()).as("one operation for the record").containsExactlyInAnyOrderElementsOf(
                promoted);
        assertThat(automatic.reason()).as("started by the promote, not by the grace period")
                .contains("promoted by the mediator").doesNotContain("for more than");
        // The grace period (2 s in tests) runs out meanwhile: the loss it would fail over was taken already.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> bus.readToEnd(topics.replicationEvents()).stream().map(record -> codec.decode(
                                record.value()))
                        .filter(envelope -> envelope.type().equals(OperationChanged.TYPE))
                        .map(envelope -> codec.data(envelope, OperationChanged.class))
                        .filter(e -> e.automatic() && e.resources().contains(promoted.get(0)))
                        .map(OperationChanged::operationId).distinct().count() == 1);
    }

    @Test
    void aPrimaryThatComesBackWithinTheGraceIsLeftAlone() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", syncMediated(), null);
        send(topics.volumeEvents(), new MediatorDecided(volume, backend + "#pool-a", MediatorDecided.Kind.PRIMARY_LOST,
                "array unreachable"));
        send(topics.volumeEvents(), new MediatorDecided(volume, backend + "#pool-a",
                MediatorDecided.Kind.PRIMARY_RECOVERED, "array back"));
        // No operation may start for the volume while the grace period (2 s in tests) and two more checks (1 s
        // apart) run out: the condition must hold for the whole window, not at one instant.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500)).until(() -> bus.readToEnd(
                topics.replicationEvents()).stream().noneMatch(record -> {
                    var envelope = codec.decode(record.value());
                    return envelope.type().equals(OperationChanged.TYPE)
                            && codec.data(envelope, OperationChanged.class).resources().equals(List.of(volume));
                }));
    }

    private static FailoverRequested request(FailoverAction action, String volume, FailbackChanges changes) {
        return new FailoverRequested(UUID.randomUUID().toString(), action, ReplicationScope.VOLUME, List.of(volume),
                null, false, "test", false, "admin", false, changes);
    }

    /** Runs an action on one volume to completion, the volume-service answering with {@code status}. */
    private OperationChanged complete(FailoverRequested request, String backend, String status, String active) {
        send(topics.replicationCommands(), request);
        next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));
        send(topics.volumeEvents(), new VolumesSwitched(request.operationId(), backend, request.action(), active,
                List.of(new VolumesSwitched.Result(request.resources().get(0), ReplicationStatus.of(status), 0, Instant.now(), null))));
        return changed(request.operationId(), "completed");
    }

    private String[] stored(String volume) {
        var row = pool.preparedQuery("select replication_status, active_backend_id from replicated_volume"
                + " where volume_id = $1").execute(Tuple.of(volume)).await().atMost(WAIT).iterator().next();
        return new String[] {row.getString(0), row.getString(1)};
    }

    @Test
    void aReprotectReversesAFailedOverVolumeWhichTheTargetKeepsServing() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", async(300), null);
        complete(request(FailoverAction.FAILOVER, volume, null), backend, "failed-over", "site-b");

        FailoverRequested reprotect = request(FailoverAction.REPROTECT, volume, null);
        send(topics.replicationCommands(), reprotect);
        SwitchVolumes switching = next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(reprotect.operationId()));
        assertThat(switching.action()).isEqualTo(FailoverAction.REPROTECT);
        OperationChanged running = changed(reprotect.operationId(), "running");
        assertThat(running.plan().workflow()).startsWith("volume reprotect: 1 volume(s) in one driver call")
                .contains("becomes its replica");
        assertThat(running.plan().dataLoss()).isEqualTo(DataLoss.NONE);
        send(topics.volumeEvents(), new VolumesSwitched(reprotect.operationId(), backend, FailoverAction.REPROTECT,
                "site-b", List.of(new VolumesSwitched.Result(volume, ReplicationStatus.ENABLED, 0, null, null))));
        changed(reprotect.operationId(), "completed");
        await().atMost(WAIT).until(() -> stored(volume)[0].equals("enabled"));
        assertThat(stored(volume)).containsExactly("enabled", "site-b");

        FailoverRequested again = request(FailoverAction.REPROTECT, volume, null);
        send(topics.replicationCommands(), again);
        assertThat(changed(again.operationId(), "refused").refusal())
                .isEqualTo("every replicated volume in volume " + volume + " is already reprotected");
        FailoverRequested discard = request(FailoverAction.FAILBACK, volume, FailbackChanges.DISCARD);
        send(topics.replicationCommands(), discard);
        assertThat(changed(discard.operationId(), "refused").refusal()).isEqualTo("cannot discard the target's"
                + " changes of reprotected volume " + volume + ": the primary already holds them; fail back with"
                + " changes=keep");

        complete(request(FailoverAction.FAILBACK, volume, FailbackChanges.KEEP), backend, "enabled", null);
        await().atMost(WAIT).until(() -> stored(volume)[1] == null);
        assertThat(stored(volume)).containsExactly("enabled", null);
    }

    @Test
    void onlyFailedOverVolumesCanBeReprotected() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", async(300), null);

        FailoverRequested reprotect = request(FailoverAction.REPROTECT, volume, null);
        send(topics.replicationCommands(), reprotect);
        assertThat(changed(reprotect.operationId(), "refused").refusal())
                .isEqualTo("only failed-over volumes can be reprotected: " + volume + " (enabled)");

        FailoverRequested wholeBackend = new FailoverRequested(UUID.randomUUID().toString(),
                FailoverAction.REPROTECT, ReplicationScope.BACKEND, List.of(backend), null, false, null, false,
                "admin", false);
        send(topics.replicationCommands(), wholeBackend);
        assertThat(changed(wholeBackend.operationId(), "refused").refusal()).isEqualTo("no failed-over volume in"
                + " backend " + backend + ": only failed-over volumes can be reprotected");
    }

    @Test
    void aFailbackCarriesWhetherTheTargetsChangesAreKeptToTheVolumeService() {
        String backend = newBackend();
        String discarded = replicated(backend + "#pool-a", async(300), null);
        String kept = replicated(backend + "#pool-a", async(300), null);
        complete(request(FailoverAction.FAILOVER, discarded, null), backend, "failed-over", "site-b");
        complete(request(FailoverAction.FAILOVER, kept, null), backend, "failed-over", "site-b");

        FailoverRequested discard = request(FailoverAction.FAILBACK, discarded, FailbackChanges.DISCARD);
        send(topics.replicationCommands(), discard);
        assertThat(next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(discard.operationId())).changes()).isEqualTo(FailbackChanges.DISCARD);
        OperationChanged running = changed(discard.operationId(), "running");
        assertThat(running.plan().workflow()).contains("the changes made on the target are discarded");
        assertThat(running.plan().dataLoss()).isEqualTo(DataLoss.UNKNOWN);

        FailoverRequested keep = request(FailoverAction.FAILBACK, kept, null);
        send(topics.replicationCommands(), keep);
        assertThat(next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(keep.operationId())).changes()).isEqualTo(FailbackChanges.KEEP);
        assertThat(changed(keep.operationId(), "running").plan().workflow())
                .contains("each primary first gets what was written on the target");
    }

    @Test
    void theOperationPassesOnWhoFencedEachOldPrimary() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", syncMediated(), null);
        FailoverRequested forced = new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.VOLUME, List.of(volume), null, true, "array room flooded", false, "admin", false);
        send(topics.replicationCommands(), forced);
        next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(forced.operationId()) && c.force());

        send(topics.volumeEvents(), new VolumesSwitched(forced.operationId(), backend, FailoverAction.FAILOVER,
                "site-b", List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null,
                        FencedBy.OPERATOR))));
        OperationChanged completed = changed(forced.operationId(), "completed");
        assertThat(completed.reason()).isEqualTo("array room flooded");
        assertThat(completed.results()).extracting(VolumesSwitched.Result::fencedBy).containsExactly(FencedBy.OPERATOR);
    }

    @Test
    void aFailoverWithThePrimarysInstanceSilentRunsOnceTheSurvivorReportsTheBackend() {
        String backend = newBackend();
        reportedBackends.add(backend);
        reports(backend, Instant.now().truncatedTo(ChronoUnit.MILLIS), EnumSet.of(ReplicationMode.ASYNC), true,
                "site-b", false);
        String volume = replicated(backend + "#pool-a", async(300), null);
        FailoverRequested request = request(ReplicationScope.VOLUME, List.of(volume), null, false);
        send(topics.replicationCommands(), request);

        OperationChanged running = changed(request.operationId(), "running");
        assertThat(running.plan().warnings()).isEmpty();
    }

    @Test
    void aForcedFailoverRunsDespiteASilentPrimaryAndAnUnreachedTargetAndSaysSo() {
        String backend = newBackend();
        reportedBackends.add(backend);
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        reports(backend, longAgo, EnumSet.of(ReplicationMode.ASYNC), false, "site-c", true);
        String volume = replicated(backend + "#pool-a", async(300), null);
        FailoverRequested forced = new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.VOLUME, List.of(volume), null, true, "site-c is lost", false, "admin", false);
        send(topics.replicationCommands(), forced);

        next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(forced.operationId()) && c.force());
        OperationChanged running = changed(forced.operationId(), "running");
        assertThat(running.plan().warnings()).containsExactly(
                "backend " + backend + " has not reported since " + longAgo + " (last report from site-c, down after"
                        + " 60 s): no live volume-service instance runs it to do the failover",
                "target site-b of backend " + backend + " answers no live volume-service instance (last report from"
                        + " site-c at " + longAgo + ")");
        assertThat(stored(volume)[0]).isEqualTo("failing-over");
    }

    @Test
    void theDataAtRiskOfAnUnplannedAsyncFailoverReachesTheOperationAndItsItems() {
        String backend = newBackend();
        String volume = replicated(backend + "#pool-a", async(300), null);
        FailoverRequested request = request(ReplicationScope.VOLUME, List.of(volume), null, false);
        send(topics.replicationCommands(), request);
        next(topics.volumeCommands(), SwitchVolumes.class, SwitchVolumes.TYPE,
                c -> c.operationId().equals(request.operationId()));

        Instant consistentAt = Instant.parse("2026-12-01T09:29:15Z");
        Instant reportAt = Instant.parse("2026-12-01T09:29:58Z");
        send(topics.volumeEvents(), new VolumesSwitched(request.operationId(), backend, FailoverAction.FAILOVER,
                "site-b", List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 8192, consistentAt,
                        null, FencedBy.DRIVER, 8192L, reportAt, 43.0))));
        OperationChanged completed = changed(request.operationId(), "completed");

        assertThat(completed.results()).singleElement().satisfies(result -> {
            assertThat(result.atRiskBytes()).isEqualTo(8192L);
            assertThat(result.atRiskAsOf()).isEqualTo(reportAt);
            assertThat(result.lagAtLossSeconds()).isEqualTo(43.0);
        });
        var item = pool.preparedQuery("select lost_bytes, data_as_of, at_risk_bytes, at_risk_as_of,"
                        + " lag_at_loss_seconds from operation_item where operation_id = $1")
                .execute(Tuple.of(request.operationId())).await().atMost(WAIT).iterator().next();
        assertThat(item.getLong(0)).isEqualTo(8192L);
        assertThat(item.getOffsetDateTime(1).toInstant()).isEqualTo(consistentAt);
        assertThat(item.getLong(2)).isEqualTo(8192L);
        assertThat(item.getOffsetDateTime(3).toInstant()).isEqualTo(reportAt);
        assertThat(item.getDouble(4)).isEqualTo(43.0);
    }
}
