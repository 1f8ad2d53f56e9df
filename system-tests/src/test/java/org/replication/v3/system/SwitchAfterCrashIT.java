package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the volume-service during a backend failover and again after it, then a failback keeping the target's
 * changes and, while it runs, a create through the same volume-service: both complete promptly (and a create on the
 * failed-back backend afterwards), because the switch runs as tracked work beside
 * the command stream, and the blocks written while failed over are on the primary afterwards: the arrays, processes
 * of their own, kept them across the volume-service's crashes (the arrays' own tests show that a resync copies only
 * the blocks their change logs name).
 */
class SwitchAfterCrashIT {

    private static final String BACKEND = "wedge";
    private static final String HOST = "node1@" + BACKEND;
    private static final String TARGET = "dr-w";
    private static final int VOLUMES = 12;
    /** Three driver calls of four volumes, 2 s each: the window the first kill aims at. */
    private static final int CHUNK = 4;
    private static final Duration PROMPTLY = Duration.ofSeconds(60);

    static Suite suite;
    static String[] volumeServiceConfig;

    @BeforeAll
    static void startSuiteWithABackendToCrash() throws Exception {
        suite = Suite.get();
        volumeServiceConfig = Stream.concat(Failovers.replicatingBackend(BACKEND, TARGET, Duration.ofSeconds(2)),
                Stream.of("-Dvolume.switch-work.chunk-size=" + CHUNK,
                        "-Dmp.messaging.incoming.volume-commands-in.session.timeout.ms=6000",
                        "-Dmp.messaging.incoming.volume-commands-in.heartbeat.interval.ms=1000"))
                .toArray(String[]::new);
        suite.volume.stop();
        suite.volume.start(volumeServiceConfig);
    }

    @Test
    void aFailbackAndACreateAfterCrashesDuringAndAfterAFailoverBothComplete() throws Exception {
        List<String> volumes = Failovers.replicatedVolumes(BACKEND, VOLUMES);
        await().atMost(PROMPTLY).ignoreExceptions().untilAsserted(() -> assertThat(Failovers.volumeService(HOST))
                .containsEntry("state", "up"));
        Random random = new Random(11);
        for (String id : volumes) {
            write(id, 0, bytes(random, 256 * 1024));
        }

        String failover = switchBackend("failover", "\"target\": \"" + TARGET + "\"");
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> Failovers.count(
                "select coalesce(sum(volumes_done), 0) from volume.switch_work where operation_id = '" + failover
                        + "'") >= CHUNK);
        suite.volume.kill();
        assertThat(Failovers.count("select count(*) from volume.volume where backend = '" + BACKEND
                + "' and replication_status = 'failed-over'")).as("killed during the failover").isLessThan(VOLUMES);
        suite.volume.start(volumeServiceConfig);
        Failovers.awaitState(failover, "completed", PROMPTLY);

        Map<String, byte[]> whileFailedOver = new HashMap<>();
        for (String id : volumes) {
            byte[] data = bytes(random, 64 * 1024 + 100);
            await().atMost(PROMPTLY).ignoreExceptions().untilAsserted(() -> write(id, 3L * 65536 + 7, data));
            whileFailedOver.put(id, data);
        }
        suite.volume.kill();
        suite.volume.start(volumeServiceConfig);

        String failback = switchBackend("failback", "\"changes\": \"keep\"");
        // The failed-over backend takes no new volume until it is failed back (it is disabled, as Cinder's
        // failover_host leaves it), so the create that must not wait for the failback goes to another backend of
        // the same volume-service, through the same command consumer.
        String created = VolumeSliceIT.createVolume(VolumeSliceIT.createType("capacity"), 1);

        await().atMost(PROMPTLY).until(() -> "available".equals(VolumeSliceIT.status(created)));
        Failovers.awaitState(failback, "completed", PROMPTLY);
        String createdAfterFailback = VolumeSliceIT.createVolume(VolumeSliceIT.createType(BACKEND), 1);
        await().atMost(PROMPTLY).until(() -> "available".equals(VolumeSliceIT.status(createdAfterFailback)));
        assertThat(Failovers.operation(failback).getInt("operation.done")).isEqualTo(VOLUMES);
        assertThat(resultsOf(failback)).as("one result per volume").containsExactlyInAnyOrderElementsOf(volumes);
        assertThat(resultsOf(failover)).as("one result per volume").containsExactlyInAnyOrderElementsOf(volumes);
        for (String id : volumes) {
            byte[] expected = whileFailedOver.get(id);
            byte[] onPrimary = Failovers.volumeServiceAdmin().get("/v1/volumes/" + id + "/data?side=primary&offset="
                    + (3L * 65536 + 7) + "&length=" + expected.length).then().statusCode(200).extract().asByteArray();
            assertThat(onPrimary).as("written to %s while failed over", id).isEqualTo(expected);
        }
    }

    /** A backend-scope failover or failback through the failover API; answers the operation id. */
    private static String switchBackend(String action, String extra) {
        return Failovers.admin(Failovers.MICROVERSION).body("{\"" + action + "\": {\"scope\": \"backend\","
                        + " \"resources\": [\"" + HOST + "\"], " + extra + "}}")
                .post("/replication/" + action).then().statusCode(202).extract().path("operation.id");
    }

    private static void write(String id, long offset, byte[] data) {
        Failovers.volumeServiceAdmin().contentType(ContentType.BINARY).body(data)
                .put("/v1/volumes/" + id + "/data?offset=" + offset).then().statusCode(204);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    /** The volumes answered for in the operation's VolumesSwitched events, one entry per result. */
    private static List<String> resultsOf(String operation) {
        List<String> answered = new ArrayList<>();
        for (JsonNode switched : Failovers.eventsOf("volume.events", "volume.switched.v1", operation)) {
            switched.path("results").forEach(result -> {
                assertThat(result.path("error").isNull() || result.path("error").isMissingNode())
                        .as("result of " + result).isTrue();
                answered.add(result.path("volumeId").asText());
            });
        }
        return answered;
    }
}
