package org.replication.v3.api.failover.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.api.failover.service.OperationEventHandler;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;

/** Reads the replication-service's operation events, each applied once, into the operations view. */
@ApplicationScoped
public class OperationEventConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public OperationEventConsumer(EventDispatcher dispatcher, OperationEventHandler operations) {
        this.dispatcher = dispatcher;
        this.routes = Routes.routes().once(OperationChanged.class, operations::apply);
    }

    @Incoming(Channels.REPLICATION_EVENTS_IN)
    public Uni<Void> onEvent(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
