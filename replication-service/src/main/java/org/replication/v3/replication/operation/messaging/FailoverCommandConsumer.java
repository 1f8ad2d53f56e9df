package org.replication.v3.replication.operation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.replication.operation.service.FailoverOperations;

/** Failover, failback and reprotect requests, each started exactly once (the operation id is the key). */
@ApplicationScoped
public class FailoverCommandConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public FailoverCommandConsumer(EventDispatcher dispatcher, FailoverOperations operations) {
        this.dispatcher = dispatcher;
        this.routes = Routes.routes().once(FailoverRequested.class, operations::start);
    }

    @Incoming(Channels.REPLICATION_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
