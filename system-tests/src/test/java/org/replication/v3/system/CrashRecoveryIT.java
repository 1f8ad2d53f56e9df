package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.testinfra.TopicReader;

/** kill -9 of the service doing the work, between the command and its completion, loses and repeats nothing. */
class CrashRecoveryIT {

    static Suite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = Suite.get();
    }

    @Test
    void aVolumeServiceKilledMidCreateFinishesTheVolumeExactlyOnceAfterRestart() throws Exception {
        suite.volume.stop();
        suite.volume.start("-Dvolume.backends.fast.create-delay=20s");
        String id = VolumeSliceIT.createVolume(VolumeSliceIT.createType("fast"), 1);
        suite.volume.awaitLog("volume " + id + ": creating on", Duration.ofSeconds(60));

        suite.volume.kill();
        assertThat(VolumeSliceIT.status(id)).isEqualTo("creating");
        suite.volume.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> VolumeSliceIT.status(id).equals("available"));
        assertThat(recordsOf(id, "volume.events")).filteredOn(r -> r.value().contains("\"volume.created.v1\""))
                .hasSize(1);
        assertThat(count("select count(*) from volume.volume where id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void aVolumeRequestedWhileTheSchedulerIsDeadIsPlacedOnceItIsBack() throws Exception {
        suite.scheduler.kill();
        String id = VolumeSliceIT.createVolume(VolumeSliceIT.createType("capacity"), 1);
        assertThat(VolumeSliceIT.status(id)).isEqualTo("creating");

        suite.scheduler.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> VolumeSliceIT.status(id).equals("available"));
        assertThat(recordsOf(id, "volume.commands")).filteredOn(r -> r.value().contains("\"volume.create.v1\""))
                .hasSize(1);
    }

    private static List<ConsumerRecord<String, String>> recordsOf(String key, String topic) {
        try (TopicReader reader = new TopicReader(suite.kafka.bootstrapServers(), topic)) {
            return reader.readToEnd(Duration.ofSeconds(30)).stream().filter(r -> key.equals(r.key())).toList();
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(suite.postgres.jdbcUrl("cinder"),
                suite.postgres.username(), suite.postgres.password());
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
