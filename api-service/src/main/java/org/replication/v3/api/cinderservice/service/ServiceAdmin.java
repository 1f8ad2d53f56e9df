package org.replication.v3.api.cinderservice.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.cinderservice.CinderService;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;

/**
 * What operators do to services: enable, disable, freeze, thaw. Each change is written with the event that tells
 * the scheduler (one transaction, the outbox), so a disabled or frozen volume service gets no new volumes.
 */
@ApplicationScoped
public class ServiceAdmin {

    private static final Logger LOG = Logger.getLogger(ServiceAdmin.class);

    @Inject
    CinderServiceRepository services;

    @Inject
    BackendReports backends;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TopicNames topics;

    @WithSession
    public Uni<List<CinderService>> list(String binary, String host) {
        return services.list(binary, host);
    }

    /**
     * Each backend's {@code backend_state}: up while its capability reports keep coming, down once the last is
     * older than {@code downTime}. A backend that never reported is absent.
     */
    public Uni<Map<String, String>> backendStates(Instant now, Duration downTime) {
        return backends.all().map(all -> {
            Map<String, String> states = new HashMap<>();
            for (BackendReport backend : all) {
                states.put(backend.host(), backend.up(now, downTime) ? "up" : "down");
            }
            return states;
        });
    }

    /** Enables the service, or disables it recording {@code request.reason()} when there is one. */
    public Uni<CinderService> setDisabled(Caller caller, EnableRequest request, boolean disabled) {
        Instant now = CinderTime.now();
        String binary = request.effectiveBinary();
        String host = request.target().host();
        return Panache.withTransaction(() -> (host == null ? Uni.createFrom().<CinderService>nullItem()
                : services.findForUpdate(binary, host)).flatMap(service -> {
                    if (service == null) {
                        return Uni.createFrom().failure(ApiException.notFound(host == null
                                ? "Service " + binary + " could not be found."
                                : "Service " + binary + " could not be found on host " + host + "."));
                    }
                    if (disabled) {
                        service.disable(request.reason(), now);
                    } else {
                        service.enable(now);
                    }
                    LOG.infof("service %s %s: %s by %s/%s%s", binary, host, disabled ? "disabled" : "enabled",
                            caller.projectId(), caller.userId(),
                            request.reason() == null ? "" : " (" + request.reason() + ")");
                    return outbox.add(topics.serviceEvents(), service.statusChanged()).replaceWith(service);
                })).invoke(relay::wake);
    }

    public Uni<Void> freeze(Caller caller, ServiceTarget target) {
        return change(caller, target, "frozen", (service, at) -> {
            if (service.frozen) {
                throw ApiException.invalidInput("Host is already Frozen.");
            }
            service.freeze(at);
        });
    }

    public Uni<Void> thaw(Caller caller, ServiceTarget target) {
        return change(caller, target, "thawed", (service, at) -> {
            if (!service.frozen) {
                throw ApiException.invalidInput("Host is NOT Frozen.");
            }
            service.thaw(at);
        });
    }

    private Uni<Void> change(Caller caller, ServiceTarget target, String what,
            BiConsumer<CinderService, Instant> apply) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumeServices(target).flatMap(found -> {
            Uni<Void> events = Uni.createFrom().voidItem();
            for (CinderService service : found) {
                apply.accept(service, now);
                LOG.infof("service %s %s: %s by %s/%s", service.binary, service.host, what, caller.projectId(),
                        caller.userId());
                events = events.call(() -> outbox.add(topics.serviceEvents(), service.statusChanged()));
            }
            return events;
        })).invoke(relay::wake);
    }

    /** The volume services a replication call names, locked; none is Cinder's 400 "No service found". */
    Uni<List<CinderService>> volumeServices(ServiceTarget target) {
        if (target.cluster() != null) {
            // Clusters (active/active volume services) do not exist here, so no cluster has services.
            return Uni.createFrom().failure(ApiException.badRequest("No service found with cluster="
                    + target.cluster()));
        }
        return services.volumeServicesForUpdate(target.host()).map(found -> {
            if (found.isEmpty()) {
                throw ApiException.badRequest("No service found with host=" + target.host());
            }
            return found;
        });
    }
}
