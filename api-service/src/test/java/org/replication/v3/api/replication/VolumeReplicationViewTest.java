package org.replication.v3.api.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeCreated;

/**
 * How volumes show their replication: replication_status at every microversion, the rest from 3.71, the lag's
 * level and last sync from 3.72; and the user messages a lag above the RPO writes.
 */
@QuarkusTest
class VolumeReplicationViewTest {

    private static final Map<String, String> GOLD_SYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync", "replication_mediator", "<is> True");
    private static final Map<String, String> SILVER_ASYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "async", "replication_rpo_seconds", "300");
    private static final ReplicationDefaults BACKEND = new ReplicationDefaults(null, null, null, null, 600, "site-b");
    private static final ReplicationDefaults GLOBAL = new ReplicationDefaults(ReplicationScope.VOLUME,
            ReplicationMode.ASYNC, null, null, 3600, null);
    private static final List<String> NEW_FIELDS = List.of("replication_mode", "replication_scope",
            "replication_target", "replication_rpo_seconds", "replication_lag_seconds", "replication_expectations",
            "replication_sources", "replication_lag_level", "replication_last_sync_at");
    private static final String OWNER = "node1@fast";
    private static final List<String> SITE_LOSS_FIELDS = List.of("automatic_failover_available", "on_site_loss",
            "grace_seconds");
    private static final Path CINDER = Path.of("/usr/bin/cinder");

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;

    @Test
    void aGoldSyncVolumeShowsNoDataLossAndAutomaticFailoverFrom371AndAdminsSeeTheSources() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, GOLD_SYNC);

        JsonPath admin = show(Api.admin(project), project, volume, "3.71");
        assertThat(admin.getString("volume.replication_status")).isEqualTo("enabled");
        assertThat(admin.getString("volume.replication_mode")).isEqualTo("sync");
        assertThat(admin.getString("volume.replication_scope")).isEqualTo("volume");
        assertThat(admin.getString("volume.replication_target")).isEqualTo("site-b");
        assertThat(admin.getObject("volume.replication_rpo_seconds", Integer.class)).isNull();
        assertThat(admin.getDouble("volume.replication_lag_seconds")).isZero();
        assertThat(admin.getMap("volume.replication_expectations")).containsEntry("data_loss", "none")
                .containsEntry("max_data_loss_seconds", null).containsEntry("downtime", "automatic_failover")
                .doesNotContainKeys(SITE_LOSS_FIELDS.toArray(String[]::new));
        assertThat(show(Api.admin(project), project, volume, "3.73").getMap("volume.replication_expectations"))
                .containsEntry("data_loss", "none").containsEntry("automatic_failover_available", true)
                .containsEntry("on_site_loss", "automatic_failover_after_grace").containsEntry("grace_seconds", 30);
        assertThat(admin.getMap("volume.replication_sources")).containsEntry("replication_mode", "volume_type")
                .containsEntry("replication_enabled", "volume_type").containsEntry("replication_target", "backend")
                .containsEntry("replication_scope", "default").containsEntry("replication_mediator", "volume_type");

        JsonPath member = show(Api.member(project), project, volume, "3.71");
        assertThat(member.getString("volume.replication_mode")).isEqualTo("sync");
        assertThat(member.getMap("volume")).doesNotContainKey("replication_sources");
    }

    @Test
    void from373WhatASiteLossDoesFollowsTheSyncTopologyAndTheMediator() {
        String project = Api.newProject();
        String activeActive = replicatedVolume(project, Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync", "replication_mediator", "<is> True",
                "replication_sync_topology", "active_active"));
        String unmediated = replicatedVolume(project, Map.of("replication_enabled", "<is> True",
                "replication_mode", "sync", "replication_mediator", "<is> False"));

        assertThat(show(Api.member(project), project, activeActive, "3.73").getMap("volume.replication_expectations"))
                .containsEntry("automatic_failover_available", true).containsEntry("on_site_loss", "keeps_serving")
                .containsEntry("grace_seconds", null);
        assertThat(show(Api.member(project), project, unmediated, "3.73").getMap("volume.replication_expectations"))
                .containsEntry("automatic_failover_available", false)
                .containsEntry("on_site_loss", "writes_blocked_until_operator").containsEntry("grace_seconds", null);
    }

    @Test
    void below371OnlyReplicationStatusIsShownForAdminsAndMembers() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, GOLD_SYNC);

        for (var caller : List.of(Api.admin(project), Api.member(project))) {
            JsonPath at370 = show(caller, project, volume, "3.70");
            assertThat(at370.getString("volume.replication_status")).isEqualTo("enabled");
            assertThat(at370.getMap("volume")).doesNotContainKeys(NEW_FIELDS.toArray(String[]::new));
        }
        JsonPath listed = Api.at(Api.admin(project), "3.70").get("/v3/" + project + "/volumes/detail").then()
                .statusCode(200).extract().jsonPath();
        assertThat(listed.getMap("volumes[0]")).doesNotContainKeys(NEW_FIELDS.toArray(String[]::new));
        JsonPath listed371 = Api.at(Api.admin(project), "3.71").get("/v3/" + project + "/volumes/detail").then()
                .statusCode(200).extract().jsonPath();
        assertThat(listed371.getString("volumes[0].replication_mode")).isEqualTo("sync");
    }

    @Test
    void aSilverAsyncVolumeShowsDataLossBoundedByItsRpoAndItsMeasuredLag() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, SILVER_ASYNC);

        JsonPath shown = show(Api.member(project), project, volume, "3.71");
        assertThat(shown.getInt("volume.replication_rpo_seconds")).isEqualTo(300);
        assertThat(shown.getMap("volume.replication_expectations")).containsEntry("data_loss", "bounded_by_rpo")
                .containsEntry("max_data_loss_seconds", 300).containsEntry("downtime", "manual_failover");
        assertThat(show(Api.member(project), project, volume, "3.73").getMap("volume.replication_expectations"))
                .containsEntry("automatic_failover_available", false)
                .containsEntry("on_site_loss", "manual_failover_rpo_bounded").containsEntry("grace_seconds", null);

        Instant consistentAt = Instant.now().minusSeconds(700);
        publish(snapshot(volume, consistentAt, 4096, ReplicationLagLevel.WARNING));
        double first = awaitLagAtLeast(project, volume, 700);
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> lag(project, volume) >= first + 1.0);
        assertThat(show(Api.member(project), project, volume, "3.72").getString("volume.replication_last_sync_at"))
                .as("the lag grew with the clock, no new measure came").startsWith(consistentAt.toString()
                        .substring(0, 19));

        publish(snapshot(volume, Instant.now(), 0, ReplicationLagLevel.OK));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> lag(project, volume) == 0.0);
    }

    @Test
    void from372AVolumeShowsItsLagLevelAndLastSyncAndBelowItDoesNot() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, SILVER_ASYNC);
        assertThat(show(Api.member(project), project, volume, "3.72").getString("volume.replication_lag_level"))
                .as("not measured yet").isEqualTo("ok");

        Instant consistentAt = Instant.parse("2026-12-05T01:00:00.250Z");
        publish(snapshot(volume, consistentAt, 1 << 20, ReplicationLagLevel.CRITICAL));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "critical".equals(show(Api.member(project), project,
                volume, "3.72").getString("volume.replication_lag_level")));
        JsonPath at372 = show(Api.member(project), project, volume, "3.72");
        assertThat(at372.getString("volume.replication_last_sync_at")).isEqualTo("2026-12-05T01:00:00.250000");
        assertThat(at372.getDouble("volume.replication_lag_seconds")).isGreaterThan(900);

        JsonPath at371 = show(Api.member(project), project, volume, "3.71");
        assertThat(at371.getMap("volume")).containsKey("replication_lag_seconds")
                .doesNotContainKeys("replication_lag_level", "replication_last_sync_at");
        String plain = availableVolume(project, Map.of());
        assertThat(show(Api.member(project), project, plain, "3.72").getMap("volume"))
                .containsEntry("replication_lag_level", null).containsEntry("replication_last_sync_at", null);
    }

    /** Snapshots and level changes travel under different keys: a measure older than the one shown is left out. */
    @Test
    void aMeasureOlderThanTheOneShownIsLeftOut() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, SILVER_ASYNC);
        String other = replicatedVolume(project, SILVER_ASYNC);
        publish(levelChange(volume, ReplicationLagLevel.WARNING, ReplicationLagLevel.OK, 50));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "warning".equals(level(project, volume)));

        Instant before = Instant.now().minusSeconds(60);
        publish(new ReplicationLagSnapshot(OWNER, before, List.of(new ReplicationLagSnapshot.Entry(volume, before, 0,
                null, ReplicationLagLevel.OK))));
        publish(snapshot(other, Instant.now(), 0, ReplicationLagLevel.BREACH));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "breach".equals(level(project, other)));

        assertThat(level(project, volume)).as("the older snapshot, read after the level change").isEqualTo("warning");
    }

    /**
     * One message per level in an episode of lag, on rises only: ok, breach, warning, back to breach and up to
     * warning again tell breach and warning once; after ok a new breach is told again.
     */
    @Test
    void aLagAboveTheRpoTellsTheProjectOncePerLevelAndEpisode() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, Map.of("replication_enabled", "<is> True",
                "replication_mode", "async", "replication_rpo_seconds", "20"));

        publish(levelChange(volume, ReplicationLagLevel.BREACH, ReplicationLagLevel.OK, 45));
        publish(levelChange(volume, ReplicationLagLevel.WARNING, ReplicationLagLevel.BREACH, 61));
        publish(levelChange(volume, ReplicationLagLevel.BREACH, ReplicationLagLevel.WARNING, 30));
        ReplicationLagChangedV2 again = levelChange(volume, ReplicationLagLevel.WARNING, ReplicationLagLevel.BREACH,
                62);
        String againRecord = Volumes.encode(codec, again);
        Volumes.publish(topics.volumeEvents(), again, againRecord);
        Volumes.publish(topics.volumeEvents(), again, againRecord);
        publish(levelChange(volume, ReplicationLagLevel.OK, ReplicationLagLevel.WARNING, 0));
        publish(levelChange(volume, ReplicationLagLevel.BREACH, ReplicationLagLevel.OK, 25));

        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> messages(project, volume).size() == 3);
        publish(levelChange(volume, ReplicationLagLevel.OK, ReplicationLagLevel.BREACH, 0));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "ok".equals(show(Api.member(project), project, volume,
                "3.72").getString("volume.replication_lag_level")));
        List<Map<String, Object>> told = messages(project, volume);
        assertThat(told).hasSize(3).allSatisfy(m -> assertThat(m).containsEntry("message_level", "ERROR")
                .containsEntry("resource_type", "VOLUME").containsEntry("resource_uuid", volume));
        assertThat(told).extracting(m -> m.get("user_message")).containsExactlyInAnyOrder(
                "replicate volume:Replication lag 45 s is above the volume's RPO of 20 s (breach).",
                "replicate volume:Replication lag 61 s is above the volume's RPO of 20 s (warning).",
                "replicate volume:Replication lag 25 s is above the volume's RPO of 20 s (breach).");
        assertThat(told).extracting(m -> m.get("event_id")).containsOnly("VOLUME_VOLUME_101_101",
                "VOLUME_VOLUME_101_102");
    }

    @Test
    void aFailoverShowsFailedOverAndAVolumeWithoutReplicationShowsDisabledAndNulls() {
        String project = Api.newProject();
        String replicated = replicatedVolume(project, SILVER_ASYNC);
        String plain = availableVolume(project, Map.of());

        publish(new VolumesSwitched(UUID.randomUUID().toString(), "node1@fast", FailoverAction.FAILOVER, "site-b",
                List.of(new VolumesSwitched.Result(replicated, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null))));
        awaitReplicationStatus(project, replicated, "failed-over");

        JsonPath shown = show(Api.admin(project), project, plain, "3.71");
        assertThat(shown.getString("volume.replication_status")).isEqualTo("disabled");
        assertThat(shown.getMap("volume")).containsEntry("replication_mode", null)
                .containsEntry("replication_expectations", null).containsEntry("replication_sources", null);
        assertThat(show(Api.member(project), project, plain, "3.60").getString("volume.replication_status"))
                .isEqualTo("disabled");
    }

    @Test
    void aRedeliveredSwitchChangesNothingAndAnUnreadableReplicationEventIsParked() {
        String project = Api.newProject();
        String volume = replicatedVolume(project, SILVER_ASYNC);
        VolumesSwitched failover = new VolumesSwitched(UUID.randomUUID().toString(), "node1@fast",
                FailoverAction.FAILOVER, "site-b", List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0,
                        Instant.now(), null)));
        VolumesSwitched failback = new VolumesSwitched(UUID.randomUUID().toString(), "node1@fast",
                FailoverAction.FAILBACK, null, List.of(new VolumesSwitched.Result(volume, ReplicationStatus.ENABLED, 0,
                        Instant.now(), null)));
        String failoverRecord = Volumes.encode(codec, failover);

        Volumes.publish(topics.volumeEvents(), failover, failoverRecord);
        awaitReplicationStatus(project, volume, "failed-over");
        publish(failback);
        awaitReplicationStatus(project, volume, "enabled");
        String badData = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\""
                + ReplicationEnabled.TYPE + "\",\"source\":\"test\",\"subject\":\"" + volume
                + "\",\"data\":{\"volumeId\":\"" + volume + "\",\"host\":\"node1@fast#pool-a\"}}";
        Kafka.send(topics.volumeEvents(), volume, badData);
        Volumes.publish(topics.volumeEvents(), failover, failoverRecord);
        publish(snapshot(volume, Instant.now().minusSeconds(999), 1, ReplicationLagLevel.CRITICAL));

        awaitLagAtLeast(project, volume, 999);
        assertThat(show(Api.member(project), project, volume, "3.71").getString("volume.replication_status"))
                .isEqualTo("enabled");
        ConsumerRecord<String, String> parked = Kafka.await(TopicNames.deadLetter(topics.volumeEvents()),
                record -> record.value().equals(badData), Volumes.EVENT_TIMEOUT);
        assertThat(parked.key()).isEqualTo(volume);
    }

    @Test
    void theCinderCommandShowsAReplicatedVolume() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CINDER), "python3-cinderclient is not installed");
        String project = Api.newProject();
        String volume = replicatedVolume(project, GOLD_SYNC);

        String output = cinder(project, "show", volume);

        assertThat(output).contains(volume).contains("replication_status").contains("enabled")
                .doesNotContain("replication_expectations");
    }

    /** An available volume of a new type with these specs, replicated as volume-service would announce it. */
    private String replicatedVolume(String project, Map<String, String> specs) {
        String volume = availableVolume(project, specs);
        var settings = ReplicationPrecedence.resolve(ReplicationSpecs.NONE, ReplicationSpecs.ofVolumeType(specs),
                BACKEND, GLOBAL);
        publish(new ReplicationEnabled(volume, "node1@fast#pool-a",
                VolumeReplication.of(settings, ReplicationStatus.ENABLED), null, null));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> show(Api.admin(project), project, volume, "3.71")
                .getString("volume.replication_mode") != null);
        return volume;
    }

    private String availableVolume(String project, Map<String, String> specs) {
        String type = Api.admin(project).contentType(ContentType.JSON)
                .body(Map.of("volume_type", Map.of("name", "t-" + UUID.randomUUID(), "extra_specs", specs)))
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        String volume = Api.member(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + type + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        publish(new VolumeCreated(volume, "node1@fast#pool-a", "p-" + volume, 1));
        Volumes.awaitStatus(project, volume, "available");
        return volume;
    }

    private void awaitReplicationStatus(String project, String volume, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> status.equals(show(Api.member(project), project, volume,
                "3.0").getString("volume.replication_status")));
    }

    /** The lag shown once it is at least {@code seconds}. */
    private double awaitLagAtLeast(String project, String volume, double seconds) {
        return await().atMost(Volumes.EVENT_TIMEOUT).until(() -> lag(project, volume), lag -> lag >= seconds);
    }

    private static double lag(String project, String volume) {
        return show(Api.member(project), project, volume, "3.71").getDouble("volume.replication_lag_seconds");
    }

    private static String level(String project, String volume) {
        return show(Api.member(project), project, volume, "3.72").getString("volume.replication_lag_level");
    }

    /** The owner's snapshot telling only this volume's lag, measured now. */
    private static ReplicationLagSnapshot snapshot(String volume, Instant consistentAt, long pendingBytes,
            ReplicationLagLevel level) {
        return new ReplicationLagSnapshot(OWNER, Instant.now(), List.of(new ReplicationLagSnapshot.Entry(volume,
                consistentAt, pendingBytes, null, level)));
    }

    /** A level change of an async volume with an RPO of 20 s, measured now with {@code lag} seconds of lag. */
    private static ReplicationLagChangedV2 levelChange(String volume, ReplicationLagLevel level,
            ReplicationLagLevel previous, double lag) {
        Instant now = Instant.now();
        return new ReplicationLagChangedV2(volume, OWNER + "#pool-a", level, previous, lag / 20, lag, 20,
                lag > 0 ? 4096 : 0, now.minusMillis((long) (lag * 1000)), now);
    }

    private static List<Map<String, Object>> messages(String project, String volume) {
        return Api.at(Api.member(project), "3.3").get("/v3/" + project + "/messages?resource_uuid=" + volume)
                .then().statusCode(200).extract().jsonPath().getList("messages");
    }

    private void publish(DomainEvent event) {
        Volumes.publish(topics.volumeEvents(), event, Volumes.encode(codec, event));
    }

    private static JsonPath show(RequestSpecification caller, String project,
            String volume, String version) {
        return Api.at(caller, version).get("/v3/" + project + "/volumes/" + volume).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String cinder(String project, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CINDER.toString(), "--os-auth-type", "noauth",
                "--os-endpoint", "http://127.0.0.1:" + RestAssured.port + "/v3", "--os-user-id", "admin",
                "--os-project-id", project));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", arguments) + ": " + output).isZero();
        return output;
    }
}
