package org.replication.v3.common.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event waiting to be relayed to Kafka; its id is the CloudEvent id. */
@Entity
@Table(name = "outbox_message")
public class OutboxMessage extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Assigned by the database; the relay sends in this order, which keeps each key's events in order. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    @Column(name = "event_type")
    public String eventType;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;
}
