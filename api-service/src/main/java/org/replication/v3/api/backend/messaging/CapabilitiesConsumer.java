package org.replication.v3.api.backend.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.api.backend.repository.BackendRepository;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;

/**
 * Keeps the latest capability report of each backend. Reports are whole snapshots, so their route needs no inbox:
 * applying one twice, or an older one after a newer, changes nothing.
 */
@ApplicationScoped
public class CapabilitiesConsumer {

    private static final Logger LOG = Logger.getLogger(CapabilitiesConsumer.class);

    @Inject
    EventDispatcher dispatcher;

    @Inject
    BackendRepository backends;

    private final Routes routes = Routes.routes().latest(BackendCapabilities.class, this::report);

    @Incoming(Channels.CAPABILITIES_IN)
    public Uni<Void> onReport(String record) {
        return dispatcher.dispatch(record, routes);
    }

    private Uni<Void> report(BackendCapabilities report) {
        if (report.host() == null || report.reportedAt() == null) {
            throw new MalformedEventException("capability report of " + report.host() + " without host or time",
                    null);
        }
        return backends.saveIfNewer(report)
                .invoke(stored -> LOG.debugf("backend %s: report of %s %s", report.host(), report.reportedAt(),
                        stored ? "stored" : "older than the stored one; skipped"))
                .replaceWithVoid();
    }
}
