package org.replication.v3.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
            createTopic(kafka, "probe");
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

    /** As in every deployment: a topic made on first use would have 1 partition and none of its declared settings. */
    @Test
    void kafkaCreatesNoTopicOnFirstUse() throws Exception {
        try (SharedKafka kafka = SharedKafka.start(InfraMode.EMBEDDED)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000), new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("undeclared", "key", "hello")).get())
                        .hasMessageContaining("not present in metadata");
            }
            try (Admin admin = Admin.create(
                    Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).doesNotContain("undeclared");
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

    /** Two clouds in one test JVM (system-tests' Suite and CloudB): each its own broker and database, apart. */
    @Test
    void twoBrokersAndTwoDatabasesRunSideBySideWithoutSharingAnything() throws Exception {
        try (SharedKafka first = SharedKafka.start(InfraMode.EMBEDDED);
             SharedKafka second = SharedKafka.start(InfraMode.EMBEDDED);
             SharedPostgres one = SharedPostgres.start(InfraMode.EMBEDDED);
             SharedPostgres other = SharedPostgres.start(InfraMode.EMBEDDED)) {
            assertThat(first.bootstrapServers()).isNotEqualTo(second.bootstrapServers());
            createTopic(second, "only-second");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("only-second", "key", "second")).get();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "second-reader",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("only-second"));
                assertThat(pollOne(consumer, Duration.ofSeconds(60)).value()).isEqualTo("second");
            }
            try (Admin admin = Admin.create(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).doesNotContain("only-second");
            }

            assertThat(one.port()).isNotEqualTo(other.port());
            one.createDatabase("cinder");
            other.createDatabase("cinder");
            try (Connection connection = DriverManager.getConnection(one.jdbcUrl("cinder"), one.username(), one.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("create table only_one (id int)");
            }
            try (Connection connection = DriverManager.getConnection(other.jdbcUrl("cinder"), other.username(), other.password());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select count(*) from pg_tables where tablename = 'only_one'")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isZero();
            }
        }
    }

    private static void createTopic(SharedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
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
