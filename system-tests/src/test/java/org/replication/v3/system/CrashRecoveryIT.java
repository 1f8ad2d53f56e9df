package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
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
