package org.replication.v3.api.failover.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.api.failover.service.OperationEventHandler;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;

/** Reads the replication-service's operation events; an unreadable record goes to the dead-letter topic. */
@ApplicationScoped
public class OperationEventConsumer {

    private final EventCodec codec;
    private final Inbox inbox;
    private final ConsumerRetry retry;
    private final OperationEventHandler handler;

    public OperationEventConsumer(EventCodec codec, Inbox inbox, ConsumerRetry retry, OperationEventHandler handler) {
        this.codec = codec;
        this.inbox = inbox;
        this.retry = retry;
        this.handler = handler;
    }

    @Incoming(Channels.REPLICATION_EVENTS_IN)
    public Uni<Void> onEvent(String record) {
        EventEnvelope event = codec.decode(record);
        if (!OperationChanged.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return retry.run(() -> inbox.applyOnce(event,
                () -> handler.apply(codec.data(event, OperationChanged.class))));
    }
}
