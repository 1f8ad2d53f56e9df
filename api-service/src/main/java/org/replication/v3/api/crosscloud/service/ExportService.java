package org.replication.v3.api.crosscloud.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.crosscloud.ReplicaExport;
import org.replication.v3.api.crosscloud.TransferStatus;
import org.replication.v3.api.crosscloud.repository.ReplicaExportRepository;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.repository.VolumeTypeEncryptionRepository;
import org.replication.v3.api.volume.AttachStatus;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.VolumeHost;

/**
 * Accepts cross-cloud exports (CROSSCLOUD.md): resolves the scope to its volumes, refuses the whole request when
 * any volume cannot move (nothing is written then), and otherwise writes the export, its items and one
 * ExportReplicas command per host@backend and {@link ExportReplicas#MAX_VOLUMES} volumes, in one transaction.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    /** The words every refusal of an encrypted volume uses, here and in the import. */
    public static final String ENCRYPTED = "Volume %s is encrypted: its key belongs to this cloud's key manager and"
            + " means nothing in another cloud; encrypted volumes cannot be moved across clouds.";
    private static final Set<VolumeStatus> ATTACHED_STATUSES = Set.of(VolumeStatus.IN_USE, VolumeStatus.ATTACHING,
            VolumeStatus.DETACHING);

    private final ReplicaExportRepository exports;
    private final VolumeRepository volumes;
    private final GroupRepository groups;
    private final BackendReports backends;
    private final VolumeTypeEncryptionRepository encryption;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final ObjectMapper json;

    public ExportService(ReplicaExportRepository exports, VolumeRepository volumes, GroupRepository groups,
            BackendReports backends, VolumeTypeEncryptionRepository encryption, Outbox outbox, OutboxRelay relay,
            TopicNames topics, ObjectMapper json) {
        this.exports = exports;
        this.volumes = volumes;
        this.groups = groups;
        this.backends = backends;
        this.encryption = encryption;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.json = json;
    }

    public Uni<ReplicaExport> submit(Caller caller, ExportOrder order) {
        return Panache.withTransaction(() -> exports.lockForRequests()
                .chain(() -> resolve(order))
                .flatMap(found -> check(order, found).chain(() -> write(caller, order, found))))
                .invoke(relay::wake);
    }

    /** The scope's live volumes; a volume or group that does not exist, or a pool or backend without volumes: 404. */
    private Uni<List<Volume>> resolve(ExportOrder order) {
        Uni<Void> groupsExist = order.scope() != ReplicationScope.GROUP ? Uni.createFrom().voidItem()
                : groups.listLive(order.resources().stream().map(UUID::fromString).toList()).invoke(found -> {
                    Set<String> present = found.stream().map(g -> g.id.toString()).collect(Collectors.toSet());
                    order.resources().stream().filter(id -> !present.contains(id)).findFirst().ifPresent(id -> {
                        throw ApiException.notFound("Group " + id + " could not be found.");
                    });
                }).replaceWithVoid();
        return groupsExist.chain(() -> volumes.listLiveInScope(order.scope(), order.resources())).invoke(found -> {
            switch (order.scope()) {
                case VOLUME -> {
                    Set<String> present = found.stream().map(v -> v.id.toString()).collect(Collectors.toSet());
                    order.resources().stream().filter(id -> !present.contains(id)).findFirst().ifPresent(id -> {
                        throw ApiException.notFound("Volume " + id + " could not be found.");
                    });
                }
                case GROUP -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("Group " + String.join(", ", order.resources())
                                + " has no volumes to export.");
                    }
                }
                default -> {
                    Set<String> present = found.stream().map(v -> order.scope() == ReplicationScope.POOL ? v.host
                            : VolumeHost.parse(v.host).backendHost()).collect(Collectors.toSet());
                    order.resources().stream().filter(r -> !present.contains(r)).findFirst().ifPresent(r -> {
                        throw ApiException.notFound((order.scope() == ReplicationScope.POOL ? "Pool " : "Backend ")
                                + r + " has no volumes to export.");
                    });
                }
            }
        });
    }

    /** Every refusal, in the order CROSSCLOUD.md lists them after existence; the first volume refused names it. */
    private Uni<Void> check(ExportOrder order, List<Volume> found) {
        Set<UUID> typeIds = found.stream().filter(v -> v.volumeType != null).map(v -> v.volumeType.id)
                .collect(Collectors.toSet());
        return encryption.encryptedAmong(typeIds).flatMap(encryptedTypes -> {
            for (Volume volume : found) {
                if (volume.encryptionKeyId != null
                        || volume.volumeType != null && encryptedTypes.contains(volume.volumeType.id)) {
                    throw ApiException.badRequest(ENCRYPTED.formatted(volume.id));
                }
            }
            for (Volume volume : found) {
                if (!ReplicationStatus.FAILED_OVER.value().equals(volume.replicationStatus)) {
                    throw ApiException.conflict("Volume " + volume.id + " cannot be exported: its replication_status"
                            + " is " + volume.replicationStatus + "; only a volume failed over to its replica can"
                            + " move to another cloud.");
                }
            }
            return backends.all();
        }).invoke(reports -> {
            Map<String, BackendReport> byHost = reports.stream()
                    .collect(Collectors.toMap(BackendReport::host, Function.identity()));
            for (Volume volume : found) {
                crossOs(volume, byHost.get(VolumeHost.parse(volume.host).backendHost()));
            }
            if (order.clearExisting() && !order.acknowledgeAttached()) {
                for (Volume volume : found) {
                    if (volume.attachStatus == AttachStatus.ATTACHED || ATTACHED_STATUSES.contains(volume.status)) {
                        throw ApiException.conflict("Volume " + volume.id + " is attached (status "
                                + volume.status.value() + "): clear_existing would remove its records while the"
                                + " compute side still uses it. Detach it first, or set acknowledge_attached: true"
                                + " to clear it anyway.");
                    }
                }
            }
        }).chain(() -> exports.runningAmong(found.stream().map(v -> v.id.toString()).toList())).invoke(running -> {
            if (!running.isEmpty()) {
                throw ApiException.conflict("Volume " + running.get(0)[0] + " is in running export "
                        + running.get(0)[1] + "; retry when it has finished.");
            }
        }).replaceWithVoid();
    }

    /** The volume's replication target, as its backend reports it, must sit in another cloud (cross_os). */
    private static void crossOs(Volume volume, BackendReport report) {
        String target = volume.replication == null ? null : volume.replication.target();
        boolean crossOs = report != null && target != null && report.replicationTargets().stream()
                .anyMatch(t -> t.backendId().equals(target) && t.crossOs());
        if (!crossOs) {
            throw ApiException.conflict("Volume " + volume.id + " cannot be exported: its replication target "
                    + target + " is not reported with cross_os: true by backend "
                    + VolumeHost.parse(volume.host).backendHost() + ", so no other cloud is meant to reach it.");
        }
    }

    private Uni<ReplicaExport> write(Caller caller, ExportOrder order, List<Volume> found) {
        Instant now = CinderTime.now();
        ReplicaExport export = new ReplicaExport();
        export.id = UUID.randomUUID().toString();
        export.status = TransferStatus.RUNNING;
        export.scope = order.scope();
        export.resources = text(order.resources());
        export.clearExisting = order.clearExisting();
        export.acknowledgeAttached = order.acknowledgeAttached();
        export.projectId = caller.projectId();
        export.requestedBy = caller.userId();
        export.total = found.size();
        export.createdAt = now;
        export.updatedAt = now;
        List<UUID> groupIds = found.stream().map(v -> v.groupId).filter(Objects::nonNull).distinct().toList();
        Uni<Map<UUID, Group>> groupsById = groupIds.isEmpty() ? Uni.createFrom().item(Map.of())
                : groups.listLive(groupIds).map(list -> list.stream()
                        .collect(Collectors.toMap(g -> g.id, Function.identity())));
        return groupsById.flatMap(groupMap -> groupTypes(groupMap).flatMap(typeMap -> {
            Map<String, List<ExportReplicas.Entry>> byBackend = new LinkedHashMap<>();
            List<String> ids = new ArrayList<>();
            List<String> hosts = new ArrayList<>();
            for (Volume volume : found) {
                String backend = VolumeHost.parse(volume.host).backendHost();
                ids.add(volume.id.toString());
                hosts.add(backend);
                byBackend.computeIfAbsent(backend, b -> new ArrayList<>())
                        .add(entry(volume, volume.groupId == null ? null : groupMap.get(volume.groupId), typeMap));
            }
            // flushed first: the items' foreign key needs the export's row
            Uni<Void> written = exports.persistAndFlush(export).chain(() -> exports.addItems(export.id, ids, hosts));
            for (Map.Entry<String, List<ExportReplicas.Entry>> backend : byBackend.entrySet()) {
                List<ExportReplicas.Entry> entries = backend.getValue();
                for (int from = 0; from < entries.size(); from += ExportReplicas.MAX_VOLUMES) {
                    ExportReplicas command = new ExportReplicas(export.id, backend.getKey(), order.clearExisting(),
                            entries.subList(from, Math.min(entries.size(), from + ExportReplicas.MAX_VOLUMES)));
                    written = written.call(() -> outbox.add(topics.volumeCommands(), command));
                }
            }
            return written.replaceWith(export);
        })).invoke(() -> LOG.infof("export %s: %d volumes (%s %s, clear_existing %s) accepted from %s/%s", export.id,
                export.total, order.scope().value(), order.resources(), order.clearExisting(), caller.projectId(),
                caller.userId()));
    }

    private Uni<Map<UUID, GroupType>> groupTypes(Map<UUID, Group> groupMap) {
        Set<UUID> typeIds = new HashSet<>();
        groupMap.values().forEach(g -> typeIds.add(g.groupTypeId));
        if (typeIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return GroupType.<GroupType>list("id in ?1", List.copyOf(typeIds)).map(list -> {
            Map<UUID, GroupType> byId = new HashMap<>();
            list.forEach(type -> byId.put(type.id, type));
            return byId;
        });
    }

    private static ExportReplicas.Entry entry(Volume volume, Group group, Map<UUID, GroupType> groupTypes) {
        GroupType groupType = group == null ? null : groupTypes.get(group.groupTypeId);
        return new ExportReplicas.Entry(volume.id.toString(), volume.projectId, volume.name, volume.description,
                volume.size, volume.metadata, volume.bootable, volume.multiattach,
                volume.volumeType == null ? null : volume.volumeType.name,
                volume.volumeType == null ? Map.of() : volume.volumeType.extraSpecs,
                group == null ? null : group.id.toString(), group == null ? null : group.name,
                groupType == null ? null : groupType.name, groupType == null ? Map.of() : groupType.groupSpecs);
    }

    private String text(List<String> resources) {
        try {
            return json.writeValueAsString(resources);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("resources cannot be written", e);
        }
    }

    /** The resources an export was asked for. */
    public List<String> resources(ReplicaExport export) {
        try {
            return List.of(json.readValue(export.resources, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export " + export.id + " has unreadable resources", e);
        }
    }
}
