package org.replication.v3.api.failover.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.cinderservice.repository.CinderServiceRepository;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.repository.FailoverOperationRepository;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * Accepts failover and failback requests: checks that what they name exists and that no operation still running
 * could switch the same volumes, then writes the operation ({@code accepted}) and the FailoverRequested command in
 * one transaction. The replication-service plans it and checks again against its own view.
 */
@ApplicationScoped
public class FailoverService {

    private static final Logger LOG = Logger.getLogger(FailoverService.class);

    private final FailoverOperationRepository operations;
    private final CinderServiceRepository services;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;

    public FailoverService(FailoverOperationRepository operations, CinderServiceRepository services, Outbox outbox,
            OutboxRelay relay, TopicNames topics) {
        this.operations = operations;
        this.services = services;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
    }

    public Uni<FailoverOperation> submit(Caller caller, FailoverOrder order) {
        return Panache.withTransaction(() -> accept(caller, order)).invoke(relay::wake);
    }

    /** Writes the operation and its command in the caller's transaction (os-services writes the service too). */
    public Uni<FailoverOperation> accept(Caller caller, FailoverOrder order) {
        return operations.lockForRequests()
                .chain(() -> exists(order))
                .chain(() -> operations.active())
                .flatMap(active -> footprints(order, active).flatMap(footprints -> {
                    Footprint wanted = footprints.remove(null);
                    for (FailoverOperation running : active) {
                        if (wanted.overlaps(footprints.get(running.id))) {
                            return Uni.createFrom().failure(ApiException.conflict("The request overlaps running"
                                    + " operation " + running.id + " (" + running.action + " of " + running.scope
                                    + " " + running.resources + "); retry when it has finished."));
                        }
                    }
                    return write(caller, order);
                }));
    }

    private Uni<FailoverOperation> write(Caller caller, FailoverOrder order) {
        Instant now = CinderTime.now();
        FailoverOperation operation = new FailoverOperation();
        operation.id = UUID.randomUUID().toString();
        operation.action = order.action().value();
        operation.scope = order.scope().value();
        operation.resources = String.join(",", order.resources());
        operation.target = order.target();
        operation.force = order.force();
        operation.reason = order.reason();
        operation.dryRun = order.dryRun();
        operation.changes = order.action() == FailoverAction.FAILBACK ? order.changes().value() : null;
        operation.requestedBy = caller.userId();
        operation.projectId = caller.projectId();
        operation.state = FailoverOperation.ACCEPTED;
        operation.createdAt = now;
        operation.updatedAt = now;
        FailoverRequested command = new FailoverRequested(operation.id, order.action(), order.scope(),
                order.resources(), order.target(), order.force(), order.reason(), order.dryRun(), caller.userId(),
                false, order.changes());
        return operations.persist(operation)
                .call(() -> outbox.add(topics.replicationCommands(), command))
                .invoke(() -> LOG.infof("operation %s: %s of %s %s to %s accepted from %s/%s%s", operation.id,
                        operation.action, operation.scope, operation.resources, operation.target, caller.projectId(),
                        caller.userId(), operation.dryRun ? " (dry run)" : ""));
    }

    /** Volumes and groups must exist (any project: the API is admin-only); pools and backends need a service. */
    private Uni<Void> exists(FailoverOrder order) {
        List<UUID> ids = order.scope() == ReplicationScope.VOLUME || order.scope() == ReplicationScope.GROUP
                ? order.resources().stream().map(UUID::fromString).toList() : List.of();
        return switch (order.scope()) {
            case VOLUME -> Volume.<Volume>list("id in ?1 and deletedAt is null", ids)
                    .invoke(found -> missing(ids, found.stream().map(v -> v.id).toList(), "Volume"))
                    .invoke(found -> alreadyFailedOver(order, found)).replaceWithVoid();
            case GROUP -> Group.<Group>list("id in ?1 and deletedAt is null", ids)
                    .invoke(found -> missing(ids, found.stream().map(g -> g.id).toList(), "Group")).replaceWithVoid();
            case POOL, BACKEND -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (String location : order.resources()) {
                    String backend = location.contains("#") ? location.substring(0, location.indexOf('#'))
                            : location;
                    chain = chain.chain(() -> services.findVolumeService(backend).invoke(service -> {
                        if (service == null) {
                            throw ApiException.badRequest("No service found with host=" + backend);
                        }
                    })).replaceWithVoid();
                }
                yield chain;
            }
        };
    }

    /**
     * A failover of volumes that are all failed over already has nothing to do: refused here, in the transaction that
     * would record it, rather than accepted and then refused downstream. Otherwise a request that arrives just after
     * an earlier one completed would show as a second accepted operation on the same volumes.
     */
    private static void alreadyFailedOver(FailoverOrder order, List<Volume> volumes) {
        if (order.action() == FailoverAction.FAILOVER && !volumes.isEmpty() && volumes.stream()
                .allMatch(v -> ReplicationStatus.FAILED_OVER.value().equals(v.replicationStatus))) {
            throw ApiException.badRequest("Invalid volume: " + (volumes.size() == 1 ? "volume " : "volumes ")
                    + String.join(", ", volumes.stream().map(v -> v.id.toString()).toList())
                    + (volumes.size() == 1 ? " is" : " are") + " already failed over; fail back or reprotect first.");
        }
    }

    private static void missing(List<UUID> wanted, List<UUID> found, String what) {
        Set<UUID> present = new HashSet<>(found);
        for (UUID id : wanted) {
            if (!present.contains(id)) {
                throw ApiException.notFound(what + " " + id + " could not be found.");
            }
        }
    }

    /** The footprint of each running operation (by id) and of the request (key null), from one volume query. */
    private static Uni<Map<String, Footprint>> footprints(FailoverOrder order, List<FailoverOperation> active) {
        Map<String, ReplicationScope> scopes = new LinkedHashMap<>();
        Map<String, List<String>> resources = new HashMap<>();
        scopes.put(null, order.scope());
        resources.put(null, order.resources());
        for (FailoverOperation running : active) {
            scopes.put(running.id, ReplicationScope.of(running.scope));
            resources.put(running.id, running.resourceList());
        }
        List<UUID> volumeIds = new ArrayList<>();
        List<UUID> groupIds = new ArrayList<>();
        scopes.forEach((id, scope) -> {
            if (scope == ReplicationScope.VOLUME) {
                resources.get(id).forEach(v -> volumeIds.add(UUID.fromString(v)));
            } else if (scope == ReplicationScope.GROUP) {
                resources.get(id).forEach(g -> groupIds.add(UUID.fromString(g)));
            }
        });
        Uni<List<Volume>> named = volumeIds.isEmpty() && groupIds.isEmpty() ? Uni.createFrom().item(List.of())
                : Volume.list("deletedAt is null and (id in ?1 or groupId in ?2)", ids(volumeIds), ids(groupIds));
        return named.map(volumes -> {
            Map<String, Footprint> footprints = new HashMap<>();
            scopes.forEach((id, scope) -> footprints.put(id, footprint(scope, resources.get(id), volumes)));
            return footprints;
        });
    }

    /** An empty {@code in} list is not valid SQL; no real id is the nil UUID. */
    private static List<UUID> ids(List<UUID> ids) {
        return ids.isEmpty() ? List.of(new UUID(0, 0)) : ids;
    }

    private static Footprint footprint(ReplicationScope scope, List<String> resources, List<Volume> volumes) {
        Map<String, String> volumeHosts = new HashMap<>();
        Set<String> named = new HashSet<>(resources);
        switch (scope) {
            case VOLUME -> {
                resources.forEach(id -> volumeHosts.put(id, null));
                volumes.stream().filter(v -> named.contains(v.id.toString()))
                        .forEach(v -> volumeHosts.put(v.id.toString(), v.host));
            }
            case GROUP -> volumes.stream().filter(v -> v.groupId != null && named.contains(v.groupId.toString()))
                    .forEach(v -> volumeHosts.put(v.id.toString(), v.host));
            default -> {
                return new Footprint(Map.of(), Set.of(), named);
            }
        }
        return new Footprint(volumeHosts, scope == ReplicationScope.GROUP ? named : Set.of(), Set.of());
    }
}
