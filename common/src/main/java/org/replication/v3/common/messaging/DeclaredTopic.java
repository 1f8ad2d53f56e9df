package org.replication.v3.common.messaging;

/**
 * A topic the services use, with the settings it must have: what {@link TopicProvisioner} creates or checks before any
 * channel starts, and what a deployment that creates topics itself (a Strimzi {@code KafkaTopic}) must declare.
 *
 * @param name              the topic's name, from {@code topics.*}
 * @param partitions        its partition count: one key always maps to one partition only while this stays the same
 * @param replicationFactor its replicas
 * @param compacted         {@code cleanup.policy=compact} (the latest record of each key kept for good) rather than
 *                          {@code delete} (records kept for the broker's retention)
 * @param deadLetterOf      for a dead-letter topic, the topic whose unreadable records it holds; {@code null} otherwise
 */
public record DeclaredTopic(String name, int partitions, short replicationFactor, boolean compacted,
        String deadLetterOf) {

    public static final String COMPACT = "compact";
    public static final String DELETE = "delete";

    /** The topic's {@code cleanup.policy}: {@value #COMPACT} or {@value #DELETE}. */
    public String cleanupPolicy() {
        return compacted ? COMPACT : DELETE;
    }

    public boolean deadLetter() {
        return deadLetterOf != null;
    }

    /** How the topic must be created, as an operator reads it in an error message. */
    public String settings() {
        return partitions + (partitions == 1 ? " partition" : " partitions") + ", replication factor " + replicationFactor + ", cleanup.policy="
                + cleanupPolicy();
    }
}
