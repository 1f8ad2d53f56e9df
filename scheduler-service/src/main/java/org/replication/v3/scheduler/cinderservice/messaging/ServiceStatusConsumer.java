package org.replication.v3.scheduler.cinderservice.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.scheduler.cinderservice.service.ServiceStatusView;

/**
 * Keeps {@link ServiceStatusView} current from the operators' settings of volume services. Each change is a
 * whole snapshot and the newest wins, so no inbox is needed.
 */
@ApplicationScoped
public class ServiceStatusConsumer {

    private final EventDispatcher dispatcher;
    private final ServiceStatusView view;
    private final Routes routes;

    public ServiceStatusConsumer(EventDispatcher dispatcher, ServiceStatusView view) {
        this.dispatcher = dispatcher;
        this.view = view;
        this.routes = Routes.routes().latest(ServiceStatusChanged.class, this::changed);
    }

    @Incoming(Channels.SERVICE_EVENTS_IN)
    public Uni<Void> onChange(String record) {
        return dispatcher.dispatch(record, routes);
    }

    /** Only volume services take volumes; a change that cannot be ordered (no host or time) is dead-lettered. */
    private Uni<Void> changed(ServiceStatusChanged change) {
        if (change.host() == null || change.changedAt() == null) {
            throw new MalformedEventException("service change of " + change.binary() + " without host or time",
                    null);
        }
        if (!ServiceBinary.VOLUME.equals(change.binary())) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> view.apply(change));
    }
}
