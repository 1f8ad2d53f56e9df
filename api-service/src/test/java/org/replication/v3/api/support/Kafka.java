package org.replication.v3.api.support;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.replication.v3.testinfra.TopicReader;

/** Plain Kafka clients against the test broker: publish as another service would, read what this one sent. */
public final class Kafka {

    private static KafkaProducer<String, String> producer;

    private Kafka() {
    }

    public static synchronized void send(String topic, String key, String value) {
        if (producer == null) {
            Properties properties = new Properties();
            properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** The first record of {@code topic}, from its beginning, that {@code wanted} accepts; fails after the timeout. */
    public static ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> wanted,
            Duration timeout) {
        try (TopicReader reader = new TopicReader(bootstrapServers(), topic)) {
            return reader.await(wanted, timeout);
        }
    }

    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
