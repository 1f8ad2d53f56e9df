package org.replication.v3.common.outbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;

/**
 * Where a service puts the events its state change produces. Must be called inside the transaction that
 * writes the state: both commit or neither does, and {@link OutboxRelay} sends what committed.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;

    public Outbox(EventCodec codec) {
        this.codec = codec;
    }

    public Uni<EventEnvelope> add(String topic, DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.fromString(envelope.id());
        message.topic = topic;
        message.messageKey = envelope.subject();
        message.eventType = envelope.type();
        message.payload = codec.encode(envelope);
        message.createdAt = envelope.time();
        return message.persist().replaceWith(envelope);
    }
}
