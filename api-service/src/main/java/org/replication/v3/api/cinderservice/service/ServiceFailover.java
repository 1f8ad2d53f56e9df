package org.replication.v3.api.cinderservice.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.service.FailoverService;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * Cinder's backend failover ({@code os-services failover_host}, and {@code failover} from 3.26) on top of the
 * failover workflow: the service goes {@code failing-over} and a backend-scope operation starts; when it ends the
 * service shows what Cinder's volume manager would write (failed-over with the target, or enabled after failback).
 */
@ApplicationScoped
public class ServiceFailover {

    private static final Logger LOG = Logger.getLogger(ServiceFailover.class);

    private final ServiceAdmin admin;
    private final CinderServiceRepository services;
    private final FailoverService failover;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final Duration downTime;

    public ServiceFailover(ServiceAdmin admin, CinderServiceRepository services, FailoverService failover,
            Outbox outbox, OutboxRelay relay, TopicNames topics, ApiConfig config) {
        this.admin = admin;
        this.services = services;
        this.failover = failover;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.downTime = config.serviceDownTime();
    }

    /** @param backendId the target; {@code default} fails back, null leaves the target to the configuration */
    public Uni<FailoverOperation> failover(Caller caller, ServiceTarget target, String backendId) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> admin.volumeServices(target).flatMap(found -> {
            for (CinderService service : found) {
                if (!service.up(now, downTime) || !service.canFailOver()) {
                    throw ApiException.invalidInput("replication_status in " + service.host + " must be "
                            + CinderService.ENABLED + " or " + CinderService.FAILED_OVER
                            + " and must be up to failover.");
                }
            }
            boolean failback = FailoverOrder.PRIMARY.equals(backendId);
            List<String> hosts = found.stream().map(service -> service.host).toList();
            FailoverOrder order = new FailoverOrder(failback ? FailoverAction.FAILBACK : FailoverAction.FAILOVER,
                    ReplicationScope.BACKEND, hosts, failback ? null : backendId, false,
                    "os-services failover of " + target.host(), false, target.host());
            return failover.accept(caller, order).invoke(operation -> {
                for (CinderService service : found) {
                    service.failingOver(now);
                    LOG.infof("service %s: failing-over to %s (operation %s)", service.host,
                            failback ? FailoverOrder.PRIMARY : backendId, operation.id);
                }
            });
        })).invoke(relay::wake);
    }

    /** Writes what the finished operation means for the services it named, in the event's transaction. */
    public Uni<Void> settle(FailoverOperation operation) {
        Instant now = CinderTime.now();
        return services.volumeServicesForUpdate(operation.serviceHost).flatMap(found -> {
            Uni<Void> events = Uni.createFrom().voidItem();
            for (CinderService service : found) {
                if (!CinderService.FAILING_OVER.equals(service.replicationStatus)) {
                    continue;
                }
                settle(service, operation, now);
                LOG.infof("service %s: %s after operation %s (%s)", service.host, service.replicationStatus,
                        operation.id, operation.state);
                events = events.call(() -> outbox.add(topics.serviceEvents(), service.statusChanged()));
            }
            return events;
        });
    }

    private static void settle(CinderService service, FailoverOperation operation, Instant now) {
        boolean switched = FailoverOperation.COMPLETED.equals(operation.state)
                || FailoverOperation.COMPLETED_WITH_ERRORS.equals(operation.state) && operation.done > 0;
        if (FailoverOperation.COMPLETED_WITH_ERRORS.equals(operation.state) && !switched) {
            service.failoverFailed(now);
        } else if (!switched) {
            service.failoverUndone(now);
        } else if (FailoverAction.FAILBACK.value().equals(operation.action)) {
            service.failedBack(now);
        } else {
            service.failedOver(operation.target, now);
        }
    }
}
