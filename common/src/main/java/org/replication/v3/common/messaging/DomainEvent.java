package org.replication.v3.common.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A command or event that travels on a topic. Implementations are immutable records; their CloudEvents
 * {@code type} ends with the schema version ({@code .v1}) so that a consumer can tell a newer shape apart.
 */
public interface DomainEvent {

    /** CloudEvents type, versioned, e.g. {@code volume.created.v1}. */
    @JsonIgnore
    String eventType();

    /** The id of the resource the event is about: the CloudEvents subject and the Kafka key. */
    @JsonIgnore
    String subject();
}
