package org.replication.v3.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wraps domain events in CloudEvents envelopes and reads them back. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper mapper;
    private final String source;
    private final Clock clock;

    @Inject
    public EventCodec(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String source) {
        this(mapper, source, Clock.systemUTC());
    }

    EventCodec(ObjectMapper mapper, String source, Clock clock) {
        this.mapper = mapper;
        this.source = source;
        this.clock = clock;
    }

    public EventEnvelope wrap(DomainEvent event) {
        return new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(), event.eventType(),
                source, clock.instant(), event.subject(), "application/json", mapper.valueToTree(event));
    }

    public String encode(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.id() + " cannot be serialized", e);
        }
    }

    public EventEnvelope decode(String json) {
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not a CloudEvents JSON document: " + e.getOriginalMessage(), e);
        }
        if (envelope == null || envelope.id() == null || envelope.type() == null || envelope.data() == null) {
            throw new MalformedEventException("CloudEvent without id, type or data", null);
        }
        return envelope;
    }

    public <T extends DomainEvent> T data(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.data(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("event " + envelope.id() + " of type " + envelope.type()
                    + " has data that does not match " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
