package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the replication-service, or of the volume-service, in the middle of a backend failover (Cinder's
 * {@code failover_host}): after the restart the operation completes, and every volume is failed over exactly once.
 *
 * <p>The window: each test fails over its own backend of {@value #VOLUMES} volumes in batches of {@value #BATCH}
 * (the replication-service's {@code replication.switch-batch-size}), and that backend's driver takes a fixed time
 * per batch ({@code switch-delay}, fault injection configured on the volume-service's command line).
 */
class FailoverCrashIT {

    private static final int VOLUMES = 20;
    private static final int BATCH = 4;
    private static final String BATCH_SIZE = "-Dreplication.switch-batch-size=" + BATCH;
    /**
     * A killed consumer keeps its partitions until its Kafka session times out (45 s by default): shortened on the
     * channels the killed services read, the restarted service gets them back sooner.
     */
    private static final String[] REPLICATION_SERVICE_CONFIG = {BATCH_SIZE,
            "-Dmp.messaging.incoming.volume-events-in.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.volume-events-in.heartbeat.interval.ms=1000",
            "-Dmp.messaging.incoming.replication-commands-in.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.replication-commands-in.heartbeat.interval.ms=1000"};
    private static final Duration RECOVERY = Duration.ofSeconds(180);

    static Suite suite;
    /** The volume-service's command line while these tests run: restarts keep their backends. */
    static String[] volumeServiceConfig;

    @BeforeAll
    static void startSuiteWithBackendsToCrash() throws Exception {
        suite = Suite.get();
        volumeServiceConfig = Stream.concat(
                Failovers.replicatingBackend("crashr", "dr-r", Duration.ofSeconds(1)),
                Stream.concat(Failovers.replicatingBackend("crashv", "dr-v", Duration.ofSeconds(2)), Stream.of(
                        "-Dmp.messaging.incoming.volume-commands-in.session.timeout.ms=6000",
                        "-Dmp.messaging.incoming.volume-commands-in.heartbeat.interval.ms=1000")))
                .toArray(String[]::new);
        suite.volume.stop();
        suite.volume.start(volumeServiceConfig);
        suite.replication.stop();
        suite.replication.start(REPLICATION_SERVICE_CONFIG);
    }

    @Test
    void aReplicationServiceKilledBetweenBatchesResumesAndFailsEachVolumeOverOnce() throws Exception {
        String host = "node1@crashr";
        List<String> volumes = Failovers.replicatedVolumes("crashr", VOLUMES);
        awaitServiceUp(host);

        String operation = Failovers.failoverHost(host, "dr-r");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> Failovers.count(
                "select done from replication.operation where id = '" + operation + "'") >= 2 * BATCH);
        suite.replication.kill();

        assertThat(Failovers.rows("select state, done from replication.operation where id = '" + operation + "'"))
                .as("killed with batches still unanswered").singleElement()
                .satisfies(row -> assertThat(row).startsWith("running|"))
                .satisfies(row -> assertThat(Integer.parseInt(row.split("\\|")[1])).isLessThan(VOLUMES));
        suite.replication.start(REPLICATION_SERVICE_CONFIG);

        assertFailedOverOnce(operation, host, "dr-r", volumes);
    }

    @Test
    void aVolumeServiceKilledWithABatchInTheDriverRedoesThatBatchOnly() throws Exception {
        String host = "node1@crashv";
        List<String> volumes = Failovers.replicatedVolumes("crashv", VOLUMES);
        awaitServiceUp(host);

        String operation = Failovers.failoverHost(host, "dr-v");
        String answered = "operation " + operation + ": failover of ";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> occurrences(answered) >= 2);
        // the third batch is now in its driver call, which takes 2 s
        Thread.sleep(500);
        suite.volume.kill();

        assertThat(Failovers.count("select count(*) from volume.volume where backend = 'crashv'"
                + " and replication_status = 'failed-over'")).as("killed before the last batch")
                .isLessThan(VOLUMES);
        suite.volume.start(volumeServiceConfig);

        assertFailedOverOnce(operation, host, "dr-v", volumes);
    }

    /** Every view of the outcome: the operation, its items, each service's volume rows, the topics, the API. */
    private static void assertFailedOverOnce(String operation, String host, String target, List<String> volumes)
            throws Exception {
        Failovers.awaitState(operation, "completed", RECOVERY);
        JsonPath finished = Failovers.operation(operation);
        assertThat(finished.getInt("operation.total")).isEqualTo(VOLUMES);
        assertThat(finished.getInt("operation.done")).isEqualTo(VOLUMES);
        assertThat(finished.getInt("operation.failed")).isZero();

        String backend = host.substring(host.indexOf('@') + 1);
        assertThat(Failovers.rows("select volume_id, state, replication_status from replication.operation_item"
                + " where operation_id = '" + operation + "' order by volume_id"))
                .containsExactlyElementsOf(volumes.stream().sorted().map(id -> id + "|done|failed-over").toList());
        assertThat(Failovers.rows("select volume_id, replication_status, active_backend_id"
                + " from replication.replicated_volume where backend_host = '" + host + "' order by volume_id"))
                .containsExactlyElementsOf(volumes.stream().sorted().map(id -> id + "|failed-over|" + target)
                        .toList());
        assertThat(Failovers.rows("select id, replication_status from volume.volume where backend = '" + backend
                + "' order by id"))
                .containsExactlyElementsOf(volumes.stream().sorted().map(id -> id + "|failed-over").toList());

        List<String> answered = new ArrayList<>();
        for (JsonNode switched : Failovers.eventsOf("volume.events", "volume.switched.v1", operation)) {
            switched.path("results").forEach(result -> {
                assertThat(result.path("error").isNull() || result.path("error").isMissingNode())
                        .as("result of " + result).isTrue();
                answered.add(result.path("volumeId").asText());
            });
        }
        assertThat(answered).as("one VolumesSwitched result per volume").containsExactlyInAnyOrderElementsOf(volumes);
        assertThat(Failovers.eventsOf("replication.events", "replication.operation-changed.v1", operation))
                .filteredOn(changed -> changed.path("state").asText().equals("completed")).hasSize(1);

        for (String id : volumes) {
            assertThat(Failovers.admin(Failovers.MICROVERSION).get("/volumes/" + id).then().statusCode(200)
                    .extract().<String>path("volume.replication_status")).as(id).isEqualTo("failed-over");
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> service = Failovers.volumeService(host);
            assertThat(service).containsEntry("replication_status", "failed-over")
                    .containsEntry("active_backend_id", target);
        });
    }

    private static void awaitServiceUp(String host) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                Failovers.volumeService(host)).containsEntry("state", "up")
                .containsEntry("replication_status", "enabled"));
    }

    private static long occurrences(String text) throws IOException {
        try (Stream<String> lines = Files.lines(suite.volume.log())) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
