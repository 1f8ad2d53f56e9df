package org.replication.v3.api.cinderservice.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;

/**
 * Registers services and keeps them alive from their heartbeats. A heartbeat is a snapshot that the newest one
 * supersedes (an older one changes nothing), so its route needs no inbox.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    @Inject
    EventDispatcher dispatcher;

    @Inject
    CinderServiceRepository services;

    private final Routes routes = Routes.routes().latest(ServiceHeartbeat.class, this::heartbeat);

    @Incoming(Channels.SERVICE_HEARTBEATS_IN)
    public Uni<Void> onHeartbeat(String record) {
        return dispatcher.dispatch(record, routes);
    }

    private Uni<Void> heartbeat(ServiceHeartbeat heartbeat) {
        if (heartbeat.binary() == null || heartbeat.host() == null || heartbeat.availabilityZone() == null
                || heartbeat.reportedAt() == null) {
            throw new MalformedEventException("heartbeat of " + heartbeat.binary() + " on " + heartbeat.host()
                    + " without binary, host, zone or time", null);
        }
        return services.heartbeat(heartbeat)
                .invoke(stored -> LOG.debugf("service %s %s: heartbeat of %s %s", heartbeat.binary(),
                        heartbeat.host(), heartbeat.reportedAt(), stored ? "stored" : "older; skipped"))
                .replaceWithVoid();
    }
}
