package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data written to a sync, mediated volume of the reference driver before a failover through the API is what the
 * target serves after it, and after a restart of the volume-service as soon as it says it is ready: written through
 * the volume-service's admin data plane, read back from the active side.
 */
class SyncFailoverDataIT {

    private static final long[] OFFSETS = {0, 5 * 65536 + 512, 512L << 20};

    @BeforeAll
    static void startSuite() throws Exception {
        Suite.get();
    }

    @Test
    void blocksWrittenBeforeASyncFailoverAreReadFromTheTargetAfterItAndOnceARestartedServiceIsReady() {
        String type = Failovers.mediatedSyncType();
        String id = VolumeSliceIT.createVolume(type, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(replicationStatus(id)));

        Random random = new Random(42);
        byte[][] written = new byte[OFFSETS.length][];
        for (int i = 0; i < OFFSETS.length; i++) {
            written[i] = new byte[64 * 1024 + i];
            random.nextBytes(written[i]);
            Failovers.volumeServiceAdmin().contentType(ContentType.BINARY).body(written[i])
                    .put("/v1/volumes/" + id + "/data?offset=" + OFFSETS[i]).then().statusCode(204);
        }
        Map<String, String> before = checksum(id);
        assertThat(before).containsEntry("side", "primary");

        String operation = Failovers.failoverVolume(id, "site-b");
        Failovers.awaitState(operation, "completed", Duration.ofSeconds(60));

        assertThat(replicationStatus(id)).isEqualTo("failed-over");
        assertThat(checksum(id)).as("the active side is now the target, with the same bytes")
                .containsEntry("side", "secondary").containsEntry("sha256", before.get("sha256"));
        assertBlocks(id, written, "after the failover");

        ServiceProcess volumeService = Suite.get().volume;
        volumeService.stop();
        volumeService.start();
        assertBlocks(id, written, "as soon as the restarted volume-service is ready");
        assertThat(checksum(id)).containsEntry("side", "secondary").containsEntry("sha256", before.get("sha256"));
    }

    private static void assertBlocks(String id, byte[][] written, String when) {
        for (int i = 0; i < OFFSETS.length; i++) {
            byte[] read = Failovers.volumeServiceAdmin().get("/v1/volumes/" + id + "/data?offset=" + OFFSETS[i]
                    + "&length=" + written[i].length).then().statusCode(200).extract().asByteArray();
            assertThat(read).as("block at %d %s", OFFSETS[i], when).isEqualTo(written[i]);
        }
    }

    private static String replicationStatus(String id) {
        return Failovers.admin(Failovers.MICROVERSION).get("/volumes/" + id).then().statusCode(200).extract()
                .path("volume.replication_status");
    }

    private static Map<String, String> checksum(String id) {
        return Failovers.volumeServiceAdmin().get("/v1/volumes/" + id + "/checksum").then().statusCode(200)
                .extract().path("checksum");
    }
}
