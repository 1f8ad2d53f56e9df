package org.replication.v3.replication.capability.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.replication.capability.service.CapabilityReports;

/** Stores each backend's latest capability report; a report replaces the last one, so no inbox is needed. */
@ApplicationScoped
public class CapabilityConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public CapabilityConsumer(EventDispatcher dispatcher, CapabilityReports reports) {
        this.dispatcher = dispatcher;
        this.routes = Routes.routes().latest(BackendCapabilities.class,
                report -> Panache.withTransaction(() -> reports.apply(report)));
    }

    @Incoming(Channels.CAPABILITIES_IN)
    public Uni<Void> onReport(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
