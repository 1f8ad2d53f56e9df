package org.replication.v3.scheduler.cinderservice.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.scheduler.cinderservice.ServiceStatus;

/**
 * Which volume services operators took out of placement (disabled or frozen), as Cinder's scheduler considers
 * only services with {@code disabled=False, frozen=False}. In memory for placement speed, stored so that a
 * restarted scheduler remembers before the topic is replayed.
 */
@ApplicationScoped
public class ServiceStatusView {

    private static final Logger LOG = Logger.getLogger(ServiceStatusView.class);

    private final Map<String, ServiceStatus> byHost = new ConcurrentHashMap<>();
    private final AtomicBoolean loaded = new AtomicBoolean();

    /** Applies a change unless a newer one of the same service is known. Call in a transaction. */
    public Uni<Void> apply(ServiceStatusChanged change) {
        return load().flatMap(ignored -> ServiceStatus.<ServiceStatus>findById(change.host())).flatMap(stored -> {
            if (stored != null && !stored.changedAt.isBefore(change.changedAt())) {
                return Uni.createFrom().voidItem();
            }
            ServiceStatus row = stored != null ? stored : new ServiceStatus();
            row.host = change.host();
            row.disabled = change.disabled();
            row.frozen = change.frozen();
            row.changedAt = change.changedAt();
            byHost.put(row.host, copy(row));
            LOG.infof("volume service %s: disabled=%s frozen=%s (as of %s)%s", row.host, row.disabled, row.frozen,
                    row.changedAt, row.excludedFromScheduling() ? "; no new volumes go there" : "");
            return stored != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
        });
    }

    /** Whether placement must skip the backend; call after {@link #load()}. */
    public boolean excluded(String backendHost) {
        ServiceStatus status = byHost.get(backendHost);
        return status != null && status.excludedFromScheduling();
    }

    /** Loads the stored settings on first use; emits once they are in memory. */
    public Uni<Void> load() {
        if (loaded.get()) {
            return Uni.createFrom().voidItem();
        }
        return ServiceStatus.<ServiceStatus>listAll().invoke(rows -> {
            for (ServiceStatus row : rows) {
                byHost.merge(row.host, copy(row), (known, stored) ->
                        known.changedAt.isBefore(stored.changedAt) ? stored : known);
            }
            loaded.set(true);
        }).replaceWithVoid();
    }

    /** A detached copy: the in-memory view must not share state with a session's managed entity. */
    private static ServiceStatus copy(ServiceStatus row) {
        ServiceStatus copy = new ServiceStatus();
        copy.host = row.host;
        copy.disabled = row.disabled;
        copy.frozen = row.frozen;
        copy.changedAt = row.changedAt;
        return copy;
    }
}
