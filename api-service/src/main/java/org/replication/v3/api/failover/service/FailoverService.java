package org.replication.v3.api.failover.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.failover.FailoverOperation;
import org.replication.v3.api.failover.FailoverOrder;
import org.replication.v3.api.failover.FailoverParticipant;
import org.replication.v3.api.failover.repository.FailoverOperationRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;

/**
 * Accepts failover and failback requests of every scope (volume, group, pool, backend; see the package
 * documentation): checks that what they name exists (volumes here, groups and the volume services of pools and
 * backends through their {@link FailoverParticipant}s) and that no operation still running could switch the same
 * volumes, then writes the operation ({@code accepted}) and the FailoverRequested command in one transaction. The
 * replication-service plans it and checks again against its own view.
 */
@ApplicationScoped
public class FailoverService {

    private static final Logger LOG = Logger.getLogger(FailoverService.class);

    @Inject
    FailoverOperationRepository operations;

    @Inject
    VolumeRepository volumes;

    @Inject
    FailoverParticipants participants;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TopicNames topics;

    public Uni<FailoverOperation> submit(Caller caller, FailoverOrder order) {
        return Panache.withTransaction(() -> accept(caller, order)).invoke(relay::wake);
    }

    /**
     * Writes the operation and its command in the caller's transaction (os-services and the group action write the
     * service or the group too).
     */
    public Uni<FailoverOperation> accept(Caller caller, FailoverOrder order) {
        return operations.lockForRequests()
                .chain(() -> exists(order))
                .chain(() -> operations.active())
                .flatMap(active -> footprints(order, active).flatMap(footprints -> {
                    Footprint wanted = footprints.remove(null);
                    for (FailoverOperation running : active) {
                        if (wanted.overlaps(footprints.get(running.id))) {
                            return Uni.createFrom().failure(ApiException.conflict("The request overlaps running"
                                    + " operation " + running.id + " (" + running.action.value() + " of " + running.scope.value()
                                    + " " + running.resources + "); retry when it has finished."));
                        }
                    }
                    return write(caller, order);
                }));
    }

    private Uni<FailoverOperation> write(Caller caller, FailoverOrder order) {
        Instant now = CinderTime.now();
        FailoverRequested command = new FailoverRequested(UUID.randomUUID().toString(), order.action(),
                order.scope(), order.resources(), order.target(), order.force(), order.reason(), order.dryRun(),
                caller.userId(), false, order.changes());
        FailoverOperation operation = FailoverOperation.accepted(command, caller.projectId(), now);
        return operations.persist(operation)
                .call(() -> outbox.add(topics.replicationCommands(), command))
                .invoke(() -> LOG.infof("operation %s: %s of %s %s to %s accepted from %s/%s%s", operation.id,
                        operation.action.value(), operation.scope.value(), operation.resources, operation.target, caller.projectId(),
                        caller.userId(), operation.dryRun ? " (dry run)" : ""));
    }

    /**
     * Volumes must exist (any project: the API is admin-only); groups, pools and backends are their participants'
     * to check.
     */
    private Uni<Void> exists(FailoverOrder order) {
        Uni<Void> volumesExist = order.scope() != ReplicationScope.VOLUME ? Uni.createFrom().voidItem()
                : volumes.listLive(order.ids()).invoke(found -> {
                    FailoverParticipant.requireFound("Volume", order.ids(), found.stream().map(v -> v.id).toList());
                    alreadyFailedOver(order, found);
                }).replaceWithVoid();
        return volumesExist.chain(() -> participants.each(participant -> participant.requested(order)));
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

    /** The footprint of each running operation (by id) and of the request (key null), from one volume query. */
    private Uni<Map<String, Footprint>> footprints(FailoverOrder order, List<FailoverOperation> active) {
        Map<String, ReplicationScope> scopes = new LinkedHashMap<>();
        Map<String, List<String>> resources = new HashMap<>();
        scopes.put(null, order.scope());
        resources.put(null, order.resources());
        for (FailoverOperation running : active) {
            scopes.put(running.id, running.scope);
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
                : volumes.listLiveByIdOrGroup(volumeIds, groupIds);
        return named.map(volumes -> {
            Map<String, Footprint> footprints = new HashMap<>();
            scopes.forEach((id, scope) -> footprints.put(id, footprint(scope, resources.get(id), volumes)));
            return footprints;
        });
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
