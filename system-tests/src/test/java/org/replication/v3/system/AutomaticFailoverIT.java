package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default configuration's two backends replicate to each other: {@code fast} lives on the array site-c and
 * mirrors (sync, mediated) to site-b, where {@code capacity} lives, which ships (async) to site-c. Losing site-c is
 * a disaster for fast's volumes: the mediator (its own process, watching both arrays) declares site-c lost and
 * promotes their replicas on site-b after its grace period, and the replication-service records the failover by
 * itself. For capacity's volumes it is only a stalled replica: they keep being served where they are. Losing the
 * array is a kill -9 of its process.
 */
class AutomaticFailoverIT {

    @BeforeAll
    static void startSuite() {
        Suite.get();
    }

    @AfterEach
    void bringTheArrayBack() {
        Suite.get().arrays.start("site-c");
    }

    @Test
    void losingAnArrayFailsItsSyncMediatedVolumesOverByThemselvesAndLeavesTheOtherBackendServing() {
        String type = Failovers.mediatedSyncType();
        String mediated = VolumeSliceIT.createVolume(type, 1);
        String shipped = VolumeSliceIT.createVolume(VolumeSliceIT.createType("capacity"), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(replicationStatus(mediated))
                && "enabled".equals(replicationStatus(shipped)));
        assertThat(volume(shipped).getString("volume.replication_target")).isEqualTo("site-c");

        Suite.get().arrays.kill("site-c");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> "failed-over".equals(replicationStatus(mediated)));
        // One automatic operation per mediator decision record: every mediated volume of fast the decision
        // promoted (other tests' among them), each failed over once.
        Map<String, Object> automatic = automaticOperationFor(mediated);
        assertThat(automatic).containsEntry("state", "completed").containsEntry("automatic", true)
                .containsEntry("requested_by", "replication-service").containsEntry("failed", 0);
        assertThat(automatic.get("done")).as("volumes failed over").isEqualTo(automatic.get("total"));
        assertThat((String) automatic.get("reason")).startsWith("mediator: ").contains("site-c");
        assertThat(Failovers.eventsOf("replication.events", "replication.operation-changed.v1",
                (String) automatic.get("id"))).as("the automatic failover is announced like any other")
                .anySatisfy(event -> assertThat(event.path("state").asText()).isEqualTo("completed"));
        assertThat(volume(mediated).getString("volume.status")).isEqualTo("available");

        assertThat(replicationStatus(shipped)).as("capacity's primary array, site-b, is fine: nothing to fail over")
                .isEqualTo("enabled");
        assertThat(automaticOperationsFor(shipped)).isEmpty();
    }

    private static Map<String, Object> automaticOperationFor(String volumeId) {
        List<Map<String, Object>> found = automaticOperationsFor(volumeId);
        assertThat(found).as("automatic operations naming " + volumeId).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> automaticOperationsFor(String volumeId) {
        List<Map<String, Object>> operations = Failovers.admin(Failovers.MICROVERSION).get("/replication/operations?automatic=true")
                .then().statusCode(200).extract().jsonPath().getList("operations");
        return operations.stream().filter(o -> Boolean.TRUE.equals(o.get("automatic"))
                && ((List<?>) o.get("resources")).contains(volumeId)).toList();
    }

    private static JsonPath volume(String id) {
        return Failovers.admin(Failovers.MICROVERSION).get("/volumes/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    private static String replicationStatus(String id) {
        return volume(id).getString("volume.replication_status");
    }
}
