package org.replication.v3.testinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives a Quarkus test a fresh real Kafka broker and points {@code kafka.bootstrap.servers} at it. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private SharedKafka kafka;

    @Override
    public Map<String, String> start() {
        kafka = SharedKafka.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
