package org.replication.v3.common.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kafka topic names ({@code <domain>.<kind>}) and how they are created. Defaults live in this module's
 * {@code META-INF/microprofile-config.properties}, so channel definitions can refer to them as {@code ${topics.x}}.
 * {@link #declaredTopics()} is the one list of the topics and their settings.
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

    /**
     * Whether a service creates the declared topics that are missing ({@code create}) or only checks that they exist
     * ({@code verify}: where the topics are created by someone else, e.g. Strimzi's topic operator, and the services
     * may not create any). Either way an existing topic is checked against its declaration before any channel starts.
     */
    @WithDefault("create")
    Provisioning provisioning();

    /** How long a service waits for the broker's answers when it checks or creates the topics at start. */
    @WithDefault("30")
    long provisionTimeoutSeconds();

    enum Provisioning {
        CREATE, VERIFY
    }

    /**
     * Every topic the services use, each followed by its dead-letter topic, with the settings it must have. Only the
     * latest record of each key matters on the capability, heartbeat and service topics: compaction keeps their replay
     * short and keeps a key's last record (an operator's "disabled") for good.
     */
    default List<DeclaredTopic> declaredTopics() {
        Set<String> compacted = Set.of(backendCapabilities(), serviceHeartbeats(), serviceEvents());
        List<DeclaredTopic> declared = new ArrayList<>();
        for (String name : List.of(schedulerCommands(), schedulerEvents(), volumeCommands(), volumeEvents(),
                backendCapabilities(), replicationCommands(), replicationEvents(), serviceHeartbeats(),
                serviceEvents())) {
            declared.add(new DeclaredTopic(name, partitions(), replicationFactor(), compacted.contains(name), null));
            // A dead-letter topic is read by hand, in order: one partition.
            declared.add(new DeclaredTopic(deadLetter(name), 1, replicationFactor(), false, name));
        }
        return List.copyOf(declared);
    }

    /**
     * The declared topics outside a service (a deployment's test, a tool): resolved like a service resolves them, from
     * system properties, the environment ({@code TOPICS_PARTITIONS}, ...) and the defaults of this module.
     */
    static List<DeclaredTopic> declared() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultSources().withMapping(TopicNames.class).build();
        return config.getConfigMapping(TopicNames.class).declaredTopics();
    }

    /** The dead-letter topic of a topic: where records a consumer cannot read go, with the reason. */
    static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
