package org.replication.v3.api.cinderservice.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.FailoverParticipant;
import org.replication.v3.api.failover.service.FailoverService;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * Cinder's backend failover ({@code os-services failover_host}, and {@code failover} from 3.26) on top of the
 * failover workflow: the service goes {@code failing-over} and a backend-scope operation starts. Whichever API
 * started a backend-scope failover or failback (this one or the replication API), its events drive the service as
 * Cinder's volume manager would: {@code failing-over} while it runs, then failed-over with the target, enabled
 * after a failback, failover-error when nothing switched, or exactly as it was when it was refused. A pool or
 * backend failover is accepted only for a {@code host@backend} that has a volume service.
 */
@ApplicationScoped
public class ServiceFailover implements FailoverParticipant {

    private static final Logger LOG = Logger.getLogger(ServiceFailover.class);

    @Inject
    ServiceAdmin admin;

    @Inject
    CinderServiceRepository services;

    @Inject
    FailoverService failover;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TopicNames topics;

    @Inject
    ApiConfig config;

    /** @param backendId the target; {@code default} fails back, null leaves the target to the configuration */
    public Uni<FailoverOperation> failover(Caller caller, ServiceTarget target, String backendId) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> admin.volumeServices(target).flatMap(found -> {
            for (CinderService service : found) {
                if (!service.up(now, config.serviceDownTime()) || !service.canFailOver()) {
                    throw ApiException.invalidInput("replication_status in " + service.host + " must be "
                            + ReplicationStatus.ENABLED.value() + " or " + ReplicationStatus.FAILED_OVER.value()
                            + " and must be up to failover.");
                }
            }
            boolean failback = FailoverOrder.PRIMARY.equals(backendId);
            List<String> hosts = found.stream().map(service -> service.host).toList();
            FailoverOrder order = new FailoverOrder(failback ? FailoverAction.FAILBACK : FailoverAction.FAILOVER,
                    ReplicationScope.BACKEND, hosts, failback ? null : backendId, false,
                    "os-services failover of " + target.host(), false);
            return failover.accept(caller, order).invoke(operation -> {
                for (CinderService service : found) {
                    service.failingOver(now);
                    LOG.infof("service %s: failing-over to %s (operation %s)", service.host,
                            failback ? FailoverOrder.PRIMARY : backendId, operation.id);
                }
            });
        })).invoke(relay::wake);
    }

    /**
     * The backend ({@code host@backend}, a pool's without its {@code #pool}) of every pool or backend an order names
     * must have a volume service.
     */
    @Override
    public Uni<Void> requested(FailoverOrder order) {
        if (order.scope() != ReplicationScope.POOL && order.scope() != ReplicationScope.BACKEND) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String location : order.resources()) {
            String backend = location.contains("#") ? location.substring(0, location.indexOf('#')) : location;
            chain = chain.chain(() -> services.findVolumeService(backend).invoke(service -> {
                if (service == null) {
                    throw ApiException.badRequest("No service found with host=" + backend);
                }
            })).replaceWithVoid();
        }
        return chain;
    }

    /** A backend operation the replication API started makes its services failing-over once it runs. */
    @Override
    public Uni<Void> running(FailoverOperation operation) {
        if (!movesServices(operation)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = CinderTime.now();
        return each(operation, service -> {
            if (service.failingOver(now)) {
                LOG.infof("service %s: failing-over (operation %s)", service.host, operation.id);
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Writes what the finished operation means for the services of its backends, in the event's transaction. */
    @Override
    public Uni<Void> ended(FailoverOperation operation) {
        if (!movesServices(operation)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = CinderTime.now();
        return each(operation, service -> {
            if (!settle(service, operation, now)) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("service %s: %s, active backend %s, after operation %s (%s)", service.host,
                    service.replicationStatus.value(), service.activeBackendId, operation.id,
                    operation.state.value());
            return outbox.add(topics.serviceEvents(), service.statusChanged()).replaceWithVoid();
        });
    }

    /** Backend failovers and failbacks move a service; a reprotect leaves it failed over (its target serves on). */
    private static boolean movesServices(FailoverOperation operation) {
        return operation.scope == ReplicationScope.BACKEND && !operation.dryRun
                && operation.action != FailoverAction.REPROTECT;
    }

    private Uni<Void> each(FailoverOperation operation, Function<CinderService, Uni<Void>> change) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String backend : operation.resourceList()) {
            chain = chain.chain(() -> services.volumeServicesForUpdate(backend).flatMap(found -> {
                Uni<Void> changes = Uni.createFrom().voidItem();
                for (CinderService service : found) {
                    changes = changes.chain(() -> change.apply(service));
                }
                return changes;
            }));
        }
        return chain;
    }

    /**
     * A switch that moved volumes sets the service whatever it showed; one that moved none gives back what the
     * service was before it went failing-over (refused) or leaves it in failover-error (every volume failed).
     *
     * @return whether the service changed
     */
    private static boolean settle(CinderService service, FailoverOperation operation, Instant now) {
        boolean switched = operation.switchedAny();
        if (switched && operation.action == FailoverAction.FAILBACK) {
            service.failedBack(now);
        } else if (switched) {
            service.failedOver(operation.target, now);
        } else if (service.replicationStatus != ReplicationStatus.FAILING_OVER) {
            return false;
        } else if (operation.state == OperationState.COMPLETED_WITH_ERRORS) {
            service.failoverFailed(now);
        } else {
            service.failoverUndone(now);
        }
        return true;
    }
}
