package org.replication.v3.common.messaging;

import io.smallrye.config.ConfigMapping;

/**
 * Kafka topic names ({@code <domain>.<kind>}) and how they are created. Defaults live in this module's
 * {@code META-INF/microprofile-config.properties}, so channel definitions can refer to them as {@code ${topics.x}}.
 */
@ConfigMapping(prefix = "topics")
public interface TopicNames {

    /** api-service to scheduler-service: place a new volume. */
    String schedulerCommands();

    /** scheduler-service: placement failures. */
    String schedulerEvents();

    /** To the volume-service that hosts a backend: create, delete. */
    String volumeCommands();

    /** volume-service: what happened to a volume. */
    String volumeEvents();

    /** volume-service: periodic capability and capacity reports, keyed by host@backend. */
    String backendCapabilities();

    String replicationCommands();

    String replicationEvents();

    /** Every service: periodic heartbeats, keyed by binary:host (compacted). */
    String serviceHeartbeats();

    /** api-service: what operators set on a service (disabled, frozen), keyed by binary:host (compacted). */
    String serviceEvents();

    /** Partitions of each topic when this service creates it; one resource always maps to one partition. */
    int partitions();

    short replicationFactor();

    /** The dead-letter topic of a topic: where records a consumer cannot read go, with the reason. */
    static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
