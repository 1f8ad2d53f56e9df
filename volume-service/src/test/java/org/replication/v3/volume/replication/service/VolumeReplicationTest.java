package org.replication.v3.volume.replication.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.replication.v3.volume.support.DataPlaneClient.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.RestartedService;
import org.replication.v3.volume.support.TestInfra;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * Replicated volumes through volume-service: created replicated as their type and backend say, real bytes written
 * through the admin data plane, arrays lost (their processes killed), and what operators see come out as events.
 */
@QuarkusTest
class VolumeReplicationTest {

    private static final Map<String, String> GOLD_SYNC_MEDIATED = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync", "replication_mediator", "<is> True");
    private static final Map<String, String> SILVER_ASYNC_2S = Map.of("replication_enabled", "<is> True",
            "replication_mode", "async", "replication_rpo_seconds", "2");

    @Inject
    VolumeServiceBus bus;
    @Inject
    Backends backends;
    @Inject
    RestartedService restart;
    @Inject
    MeterRegistry registry;
    private final DataPlaneClient plane = new DataPlaneClient(5);

    @AfterEach
    void arraysBack() {
        TestInfra.arrays().start("fast");
        TestInfra.arrays().start("site-b");
    }

    @Test
    void aSyncTypeIsCreatedReplicatedAndSaysWhereEachValueCameFrom() {
        String id = create("node1@fast#pool-a", GOLD_SYNC_MEDIATED);

        ReplicationEnabled enabled = bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        assertThat(enabled.replication().mode()).isEqualTo(ReplicationMode.SYNC);
        assertThat(enabled.replication().target()).isEqualTo("site-b");
        assertThat(enabled.replication().sources()).containsEntry("replication_mode", SettingSource.VOLUME_TYPE)
                .containsEntry("replication_target", SettingSource.BACKEND)
                .containsEntry("replication_scope", SettingSource.DEFAULT);
        assertThat(enabled.replication().expectations()).isEqualTo(new FailoverExpectations(
                FailoverExpectations.DataLoss.NONE, null, FailoverExpectations.Downtime.AUTOMATIC_FAILOVER));
        assertThat(plane.checksum(id, "secondary")).as("the replica on site-b").isEqualTo(plane.checksum(id, "primary"));
    }

    /**
     * The API turns a volume {@code available} on {@code volume.created}: were replication announced after it, a
     * client could see an available volume of a replicated type that is not replicated (yet). Both events are keyed
     * by the volume, so the topic keeps the order they were written in.
     */
    @Test
    void aReplicatedVolumeAnnouncesItsReplicationBeforeItIsCreated() {
        String id = create("node1@fast#pool-a", SILVER_ASYNC_2S);

        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        assertThat(bus.types(id)).containsSubsequence(ReplicationEnabled.TYPE, VolumeCreated.TYPE)
                .doesNotContainSubsequence(VolumeCreated.TYPE, ReplicationEnabled.TYPE);
    }

    @Test
    void aVolumeCreatedInAGroupSaysSoWhenItsReplicationStarts() {
        String id = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@fast#pool-a", "type-1",
                SILVER_ASYNC_2S, group, Map.of()));

        assertThat(bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class).groupId()).isEqualTo(group);
    }

    @Test
    void syncWritesAreOnBothArraysAndReadBackFromTheTargetOnceThePrimaryArrayIsLost() {
        String id = create("node1@fast#pool-a", GOLD_SYNC_MEDIATED);
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        byte[] data = new byte[256 * 1024];
        new Random(7).nextBytes(data);

        admin().contentType(ContentType.BINARY).body(data).put("/v1/volumes/{id}/data?offset=4096", id)
                .then().statusCode(204);
        String primary = plane.checksum(id, "primary");
        assertThat(plane.checksum(id, "secondary")).isEqualTo(primary);

        TestInfra.arrays().kill("fast");

        assertThat(plane.checksum(id, "secondary")).isEqualTo(primary);
        byte[] read = admin().get("/v1/volumes/{id}/data?offset=4096&length=262144&side=secondary", id)
                .then().statusCode(200).extract().asByteArray();
        assertThat(read).isEqualTo(data);
    }

    @Test
    void anAsyncVolumeWhoseTargetIsLostWarnsThenAlertsOnItsRpoAndRecovers() {
        String id = create("node1@fast#pool-a", SILVER_ASYNC_2S);
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        TestInfra.arrays().kill("site-b");

        admin().contentType(ContentType.BINARY).body(new byte[] {1, 2, 3}).put("/v1/volumes/{id}/data?offset=0", id)
                .then().statusCode(204);

        ReplicationLagChanged warning = bus.event(ReplicationLagChanged.TYPE, id, ReplicationLagChanged.class,
                lag -> lag.level() == ReplicationLagChanged.Level.WARNING);
        assertThat(warning.lagSeconds()).isGreaterThan(4.0);
        assertThat(warning.rpoSeconds()).isEqualTo(2);
        assertThat(warning.pendingBytes()).isPositive();
        bus.event(ReplicationLagChanged.TYPE, id, ReplicationLagChanged.class, lag -> lag.level() == ReplicationLagChanged.Level.CRITICAL);

        TestInfra.arrays().start("site-b");
        bus.event(ReplicationLagChanged.TYPE, id, ReplicationLagChanged.class, lag -> lag.level() == ReplicationLagChanged.Level.OK);
        assertThat(plane.checksum(id, "secondary")).isEqualTo(plane.checksum(id, "primary"));
    }

    /**
     * RPO 4 s, the target's array lost: above 4 s of lag the RPO is breached, which v2 says and v1 (whose levels are ok, warning
     * and critical) does not; above 8 s both warn. The snapshot tells the API only what changed, and a monitor
     * that starts afresh (as after a restart) does not announce the level again.
     */
    @Test
    void aLagAboveTheRpoIsABreachInV2OnlyAndTwiceTheRpoWarnsInBoth() throws Throwable {
        String id = create("node1@fast#pool-a", Map.of("replication_enabled", "<is> True",
                "replication_mode", "async", "replication_rpo_seconds", "4"));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        TestInfra.arrays().kill("site-b");
        admin().contentType(ContentType.BINARY).body(new byte[] {1, 2, 3}).put("/v1/volumes/{id}/data?offset=0", id)
                .then().statusCode(204);

        ReplicationLagChangedV2 breach = bus.event(ReplicationLagChangedV2.TYPE, id, ReplicationLagChangedV2.class);
        assertThat(breach.level()).isEqualTo(ReplicationLagLevel.BREACH);
        assertThat(breach.previousLevel()).isEqualTo(ReplicationLagLevel.OK);
        assertThat(breach.ratio()).isGreaterThan(1.0).isLessThanOrEqualTo(2.0);
        assertThat(breach.rpoSeconds()).isEqualTo(4);
        assertThat(breach.pendingBytes()).isPositive();
        assertThat(breach.lastConsistentAt()).isBefore(breach.observedAt());
        assertThat(bus.seen(ReplicationLagChanged.TYPE, id)).as("a breach below twice the RPO is ok in v1").isZero();
        assertThat(RestartedService.recorded(id).replicationLagLevel).isEqualTo(ReplicationLagLevel.BREACH);
        assertThat(registry.get("replication.lag.ratio").tag("volume_id", id).gauge().value()).isGreaterThan(1.0);
        assertThat(registry.get("replication.lag.breaches").tag("level", "breach").counter().count()).isPositive();
        assertThat(List.of("breach", "warning", "critical").stream().mapToDouble(level -> registry
                .get("replication.lag.volumes").tags("host", "node1@fast", "level", level).gauge().value()).sum())
                .isPositive();

        bus.event(ReplicationLagSnapshot.TYPE, "node1@fast", ReplicationLagSnapshot.class,
                s -> s.volumes().stream().anyMatch(v -> v.volumeId().equals(id)
                        && v.level() == ReplicationLagLevel.BREACH));
        List<ReplicationLagSnapshot.Entry> told = snapshotEntries(id);
        assertThat(told.get(told.size() - 1).pending()).isTrue();
        assertThat(told.get(told.size() - 1).lastConsistentAt()).isEqualTo(breach.lastConsistentAt());
        for (int i = 1; i < told.size(); i++) {
            assertThat(told.get(i)).as("a volume is in a snapshot only when its lag changed")
                    .isNotEqualTo(told.get(i - 1));
        }
        assertThat(told).as("created, first shipped, written to, breached: not once in each of the 4 s of ticks")
                .hasSizeLessThanOrEqualTo(4);

        ReplicationMonitor restarted = restart.monitor(backends);
        RestartedService.restore(restarted);
        VertxContextSupport.subscribeAndAwait(restarted::tick);

        ReplicationLagChanged v1 = bus.event(ReplicationLagChanged.TYPE, id, ReplicationLagChanged.class);
        assertThat(v1.level()).isEqualTo(ReplicationLagChanged.Level.WARNING);
        bus.event(ReplicationLagChangedV2.TYPE, id, ReplicationLagChangedV2.class,
                lag -> lag.level() == ReplicationLagLevel.WARNING);
        assertThat(bus.all(ReplicationLagChangedV2.TYPE, id, ReplicationLagChangedV2.class))
                .as("the monitor started afresh found the breach recorded and did not announce it again")
                .extracting(ReplicationLagChangedV2::level)
                .startsWith(ReplicationLagLevel.BREACH, ReplicationLagLevel.WARNING);
    }

    private List<ReplicationLagSnapshot.Entry> snapshotEntries(String id) {
        return bus.all(ReplicationLagSnapshot.TYPE, "node1@fast", ReplicationLagSnapshot.class).stream()
                .flatMap(s -> s.volumes().stream()).filter(v -> v.volumeId().equals(id)).toList();
    }

    @Test
    void aPoolReplicatedAsAWholeReplicatesAnyVolumeButRefusesVolumeScope() {
        String covered = create("node1@fast#pool-b", Map.of());
        ReplicationEnabled enabled = bus.event(ReplicationEnabled.TYPE, covered, ReplicationEnabled.class);
        assertThat(enabled.replication().mode()).isEqualTo(ReplicationMode.SYNC);
        assertThat(enabled.replication().mediator()).isTrue();
        assertThat(enabled.replication().sources()).containsEntry("replication_enabled", SettingSource.BACKEND)
                .containsEntry("replication_mode", SettingSource.BACKEND)
                .containsEntry("replication_mediator", SettingSource.BACKEND);

        String asyncByType = create("node1@fast#pool-b", Map.of("replication_mode", "async"));
        ReplicationEnabled async = bus.event(ReplicationEnabled.TYPE, asyncByType, ReplicationEnabled.class);
        assertThat(async.replication().mode()).as("the type wins over the backend default")
                .isEqualTo(ReplicationMode.ASYNC);
        assertThat(async.replication().rpoSeconds()).isEqualTo(300);
        assertThat(async.replication().sources()).containsEntry("replication_mode", SettingSource.VOLUME_TYPE)
                .containsEntry("replication_rpo_seconds", SettingSource.BACKEND);

        String refused = create("node1@fast#pool-b", Map.of("replication_enabled", "<is> True",
                "replication_scope", "volume"));
        VolumeCreateFailed failed = bus.event(VolumeCreateFailed.TYPE, refused, VolumeCreateFailed.class);
        assertThat(failed.reason()).contains("node1@fast#pool-b is replicated as a whole (replication_scope=pool)");
    }

    @Test
    void settingsTheTargetCannotDoFailTheCreateWithTheReason() {
        String syncOnAsyncOnly = create("node1@capacity#bulk", Map.of("replication_mode", "sync"));
        assertThat(bus.event(VolumeCreateFailed.TYPE, syncOnAsyncOnly, VolumeCreateFailed.class).reason())
                .contains("replication_mode=sync (from volume_type) is not supported by target site-c, which"
                        + " supports async");

        String belowMinimum = create("node1@fast#pool-a", Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync", "replication_sync_topology", "active_active",
                "replication_target", "elsewhere"));
        assertThat(bus.event(VolumeCreateFailed.TYPE, belowMinimum, VolumeCreateFailed.class).reason())
                .contains("replication_target elsewhere is not a target of backend fast");
    }

    @Test
    void theDataPlaneChecksWhatItIsGiven() {
        String id = create("node1@fast#pool-a", Map.of());
        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);

        admin().contentType(ContentType.BINARY).body(new byte[] {1})
                .put("/v1/volumes/{id}/data?offset=" + (1L << 30), id)
                .then().statusCode(400).body("badRequest.message", containsString("outside the volume"));
        admin().get("/v1/volumes/{id}/checksum?side=secondary", id)
                .then().statusCode(400).body("badRequest.message", containsString("not replicated"));
        admin().get("/v1/volumes/{id}/checksum", UUID.randomUUID().toString())
                .then().statusCode(404);
    }

    private String create(String host, Map<String, String> extraSpecs) {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, host, "type-1", extraSpecs));
        return id;
    }
}
