package org.replication.v3.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Proves the in-JVM fallbacks are real servers; the container branch needs Docker and is not exercised here. */
class EmbeddedServersTest {

    @Test
    void kafkaDeliversAProducedRecordToAConsumer() throws Exception {
        try (SharedKafka kafka = SharedKafka.start(InfraMode.EMBEDDED)) {
            Map<String, Object> common = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "key", "hello")).get();
            }

            Map<String, Object> consumerConfig = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "probe-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                ConsumerRecord<String, String> received = pollOne(consumer, Duration.ofSeconds(60));
                assertThat(received.key()).isEqualTo("key");
                assertThat(received.value()).isEqualTo("hello");
            }
        }
    }

    @Test
    void postgresAnswersQueriesInACreatedDatabase() throws Exception {
        try (SharedPostgres postgres = SharedPostgres.start(InfraMode.EMBEDDED)) {
            postgres.createDatabase("cinder");
            postgres.createDatabase("cinder");

            assertThat(postgres.reactiveUrl("cinder")).isEqualTo("postgresql://127.0.0.1:" + postgres.port() + "/cinder");
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("cinder"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select version(), current_database()")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).startsWith("PostgreSQL 17.");
                assertThat(result.getString(2)).isEqualTo("cinder");
            }
        }
    }

    private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                return record;
            }
        }
        throw new AssertionError("no record arrived within " + timeout);
    }
}
