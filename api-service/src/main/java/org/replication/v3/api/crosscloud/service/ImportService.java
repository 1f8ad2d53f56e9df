package org.replication.v3.api.crosscloud.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.backend.BackendReport;
import org.replication.v3.api.backend.repository.BackendReports;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.crosscloud.ImportItem;
import org.replication.v3.api.crosscloud.ItemStatus;
import org.replication.v3.api.crosscloud.ReplicaImport;
import org.replication.v3.api.crosscloud.TransferStatus;
import org.replication.v3.api.crosscloud.repository.ReplicaImportRepository;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;

/**
 * Accepts cross-cloud imports (CROSSCLOUD.md): all or nothing. Every document is read and checked (format, digest,
 * not encrypted, failed over), then against this cloud (not imported before, no live volume of its id, a backend on
 * its replica's array, a type for it); any refusal refuses the request and nothing is written. Otherwise the volumes
 * are recorded {@code managing} in the caller's project, groups re-created where missing, and one ImportReplicas
 * command goes to each host@backend per {@link ExportReplicas#MAX_VOLUMES} volumes, in one transaction.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final ReplicaImportRepository imports;
    private final VolumeRepository volumes;
    private final GroupRepository groups;
    private final GroupTypeRepository groupTypes;
    private final VolumeTypeRepository types;
    private final BackendReports backends;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final String defaultZone;

    public ImportService(ReplicaImportRepository imports, VolumeRepository volumes, GroupRepository groups,
            GroupTypeRepository groupTypes, VolumeTypeRepository types, BackendReports backends, Outbox outbox,
            OutboxRelay relay, TopicNames topics, ApiConfig config) {
        this.imports = imports;
        this.volumes = volumes;
        this.groups = groups;
        this.groupTypes = groupTypes;
        this.types = types;
        this.backends = backends;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.defaultZone = config.defaultAvailabilityZone();
    }

    /** Where one document's volume goes here. */
    private record Placement(ReplicaDocument document, BackendReport backend, String poolHost, VolumeType type) {
    }

    /** An import as written: its volumes all pending. */
    public record Accepted(ReplicaImport replicaImport, List<ImportItem> items) {
    }

    public Uni<Accepted> submit(Caller caller, ImportOrder order) {
        List<ReplicaDocument> documents = read(order.documents());
        return Panache.withTransaction(() -> imports.lockForRequests()
                .chain(() -> notImported(documents))
                .chain(backends::all)
                .flatMap(reports -> place(documents, reports, order.volumeType()))
                .flatMap(placements -> groupTypesFor(documents, order.groupType())
                        .flatMap(groupTypesById -> write(caller, placements, groupTypesById))))
                .invoke(relay::wake);
    }

    /** Each document as this format reads it, or the first refusal; no database is needed for these. */
    static List<ReplicaDocument> read(List<JsonNode> sent) {
        List<ReplicaDocument> documents = new ArrayList<>();
        Set<String> documentIds = new HashSet<>();
        Set<String> volumeIds = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            ReplicaDocument document;
            try {
                document = ReplicaDocuments.read(sent.get(i));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidInput("document " + (i + 1) + " is not a replica document of format "
                        + ReplicaDocuments.FORMAT_VERSION + ": " + e.getMessage());
            }
            if (document.formatVersion() != ReplicaDocuments.FORMAT_VERSION) {
                throw ApiException.invalidInput("document " + (i + 1) + " has format_version "
                        + document.formatVersion() + "; this cloud imports format " + ReplicaDocuments.FORMAT_VERSION
                        + " only.");
            }
            String missing = Uuids.parse(document.documentId()) == null ? "a document_id (a UUID)"
                    : Uuids.parse(document.volumeId()) == null ? "a volume_id (a UUID)"
                    : document.volumeType() == null || document.volumeType().name() == null ? "a volume_type name"
                    : document.replication() == null ? "replication"
                    : document.replica() == null || document.replica().array() == null ? "a replica array"
                    : null;
            if (missing != null) {
                throw ApiException.invalidInput("document " + (i + 1) + " is not a replica document of format "
                        + ReplicaDocuments.FORMAT_VERSION + ": it has no " + missing + ".");
            }
            if (!ReplicaDocuments.intact(document)) {
                throw ApiException.badRequest("Document " + document.documentId() + " (volume " + document.volumeId()
                        + ") has been altered since it was exported: its digest does not match its content.");
            }
            if (document.encrypted()) {
                throw ApiException.badRequest(ExportService.ENCRYPTED.formatted(document.volumeId()));
            }
            if (!document.replication().failedOver()) {
                throw ApiException.conflict("Volume " + document.volumeId() + " has not failed over in its source"
                        + " cloud: only the replica of a failed-over volume can be imported (document "
                        + document.documentId() + ").");
            }
            if (!documentIds.add(document.documentId()) || !volumeIds.add(document.volumeId())) {
                throw ApiException.invalidInput("document " + document.documentId() + " (volume "
                        + document.volumeId() + ") is given twice.");
            }
            documents.add(document);
        }
        return documents;
    }

    /** Neither a document imported here before, nor a live volume of a document's id. */
    private Uni<Void> notImported(List<ReplicaDocument> documents) {
        return imports.importedAmong(documents.stream().map(ReplicaDocument::documentId).toList())
                .invoke(imported -> documents.stream().filter(d -> imported.containsKey(d.documentId())).findFirst()
                        .ifPresent(d -> {
                            throw ApiException.conflict("Document " + d.documentId() + " was imported already as"
                                    + " volume " + imported.get(d.documentId()) + ".");
                        }))
                .chain(() -> volumes.listAny(documents.stream().map(d -> UUID.fromString(d.volumeId())).toList()))
                .invoke(existing -> existing.stream().filter(Volume::live).findFirst().ifPresent(v -> {
                    throw ApiException.conflict("Volume " + v.id + " exists in this cloud already (status "
                            + v.status.value() + "); a document's volume keeps its id, so it cannot be imported"
                            + " beside it.");
                })).replaceWithVoid();
    }

    /** The backend reaching each replica's array, its pool, and the volume type each volume gets here. */
    private Uni<List<Placement>> place(List<ReplicaDocument> documents, List<BackendReport> reports,
            String requestedType) {
        Map<String, BackendReport> byArray = new HashMap<>();
        reports.stream().filter(r -> r.array() != null).sorted(Comparator.comparing(BackendReport::host))
                .forEach(r -> byArray.putIfAbsent(r.array(), r));
        for (ReplicaDocument document : documents) {
            if (!byArray.containsKey(document.replica().array())) {
                throw ApiException.badRequest("No backend of this cloud manages array " + document.replica().array()
                        + ", where the replica of volume " + document.volumeId() + " lives.");
            }
        }
        Set<String> names = documents.stream().map(d -> d.volumeType().name()).collect(Collectors.toSet());
        Uni<Map<String, VolumeType>> byName = VolumeType.<VolumeType>list("name in ?1", List.copyOf(names))
                .map(found -> found.stream().collect(Collectors.toMap(t -> t.name, Function.identity())));
        return byName.flatMap(found -> {
            boolean allFound = found.keySet().containsAll(names);
            Uni<VolumeType> fallback = allFound || requestedType == null ? Uni.createFrom().nullItem()
                    : types.findByNameOrId(requestedType).invoke(type -> {
                        if (type == null) {
                            throw ApiException.badRequest("Volume type " + requestedType + " named by the import"
                                    + " does not exist.");
                        }
                    });
            return fallback.map(mapped -> {
                List<Placement> placements = new ArrayList<>();
                for (ReplicaDocument document : documents) {
                    VolumeType type = found.getOrDefault(document.volumeType().name(), mapped);
                    if (type == null) {
                        throw ApiException.badRequest("Volume type " + document.volumeType().name() + " of volume "
                                + document.volumeId() + " does not exist in this cloud; name one with volume_type.");
                    }
                    BackendReport backend = byArray.get(document.replica().array());
                    placements.add(new Placement(document, backend, pool(backend, document), type));
                }
                return placements;
            });
        });
    }

    /** host@backend#pool: the replica's pool when the backend reports it, else the backend's first pool. */
    private static String pool(BackendReport backend, ReplicaDocument document) {
        List<String> pools = backend.pools() == null ? List.of()
                : backend.pools().stream().map(PoolCapabilities::name).toList();
        String pool = pools.contains(document.replica().pool()) || pools.isEmpty() ? document.replica().pool()
                : pools.get(0);
        return backend.host() + "#" + pool;
    }

    /**
     * The group type of each document's group that is missing here, by group id: its type name here, else the
     * requested one, else a refusal.
     */
    private Uni<Map<String, GroupType>> groupTypesFor(List<ReplicaDocument> documents, String requested) {
        Map<String, ReplicaDocument.Group> wanted = new LinkedHashMap<>();
        documents.stream().filter(d -> d.group() != null && d.group().id() != null)
                .forEach(d -> wanted.putIfAbsent(d.group().id(), d.group()));
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        for (String id : wanted.keySet()) {
            if (Uuids.parse(id) == null) {
                throw ApiException.invalidInput("group id " + id + " of a document is not a UUID.");
            }
        }
        return groups.listLive(wanted.keySet().stream().map(UUID::fromString).toList()).flatMap(live -> {
            Set<String> present = live.stream().map(g -> g.id.toString()).collect(Collectors.toSet());
            Map<String, ReplicaDocument.Group> missing = new LinkedHashMap<>(wanted);
            missing.keySet().removeAll(present);
            if (missing.isEmpty()) {
                return Uni.createFrom().item(Map.<String, GroupType>of());
            }
            List<String> names = missing.values().stream().map(ReplicaDocument.Group::groupTypeName)
                    .filter(n -> n != null).distinct().toList();
            Uni<List<GroupType>> byName = names.isEmpty() ? Uni.createFrom().item(List.of())
                    : GroupType.<GroupType>list("name in ?1", names);
            return byName.flatMap(found -> {
                Map<String, GroupType> typesByName = found.stream()
                        .collect(Collectors.toMap(t -> t.name, Function.identity()));
                boolean allFound = missing.values().stream().allMatch(g -> typesByName.containsKey(g.groupTypeName()));
                Uni<GroupType> fallback = allFound || requested == null ? Uni.createFrom().nullItem()
                        : groupTypes.findByNameOrId(requested).invoke(type -> {
                            if (type == null) {
                                throw ApiException.badRequest("Group type " + requested + " named by the import"
                                        + " does not exist.");
                            }
                        });
                return fallback.map(mapped -> {
                    Map<String, GroupType> byGroup = new HashMap<>();
                    missing.forEach((id, group) -> {
                        GroupType type = group.groupTypeName() == null ? mapped
                                : typesByName.getOrDefault(group.groupTypeName(), mapped);
                        if (type == null) {
                            throw ApiException.badRequest("Group type " + group.groupTypeName() + " of group " + id
                                    + " does not exist in this cloud; name one with group_type.");
                        }
                        byGroup.put(id, type);
                    });
                    return byGroup;
                });
            });
        });
    }

    private Uni<Accepted> write(Caller caller, List<Placement> placements,
            Map<String, GroupType> missingGroups) {
        Instant now = CinderTime.now();
        ReplicaImport replicaImport = new ReplicaImport();
        replicaImport.id = UUID.randomUUID().toString();
        replicaImport.status = TransferStatus.RUNNING;
        replicaImport.projectId = caller.projectId();
        replicaImport.requestedBy = caller.userId();
        replicaImport.total = placements.size();
        replicaImport.createdAt = now;
        replicaImport.updatedAt = now;
        List<UUID> volumeIds = placements.stream().map(p -> UUID.fromString(p.document().volumeId())).toList();
        List<UUID> groupIds = missingGroups.keySet().stream().map(UUID::fromString).toList();
        Uni<List<Group>> deletedGroups = groupIds.isEmpty() ? Uni.createFrom().item(List.of())
                : groups.listAny(groupIds);
        // flushed first: the items' foreign key needs the import's row
        return imports.persistAndFlush(replicaImport)
                .chain(() -> deletedGroups)
                .flatMap(oldGroups -> writeGroups(caller, placements, missingGroups, oldGroups, now))
                .chain(() -> volumes.listAny(volumeIds))
                .flatMap(oldVolumes -> writeVolumes(caller, placements, oldVolumes, now))
                .chain(() -> imports.addItems(replicaImport.id,
                        placements.stream().map(p -> p.document().volumeId()).toList(),
                        placements.stream().map(p -> p.document().documentId()).toList(),
                        placements.stream().map(Placement::poolHost).toList()))
                .chain(() -> commands(caller, replicaImport.id, placements))
                .replaceWith(() -> new Accepted(replicaImport, placements.stream()
                        .map(p -> new ImportItem(p.document().volumeId(), p.document().documentId(), p.poolHost(),
                                ItemStatus.PENDING, null)).toList()))
                .invoke(() -> LOG.infof("import %s: %d volumes accepted from %s/%s", replicaImport.id,
                        replicaImport.total, caller.projectId(), caller.userId()));
    }

    /** Groups missing here, re-created with their id and name (a deleted row of the same id is taken over). */
    private Uni<Void> writeGroups(Caller caller, List<Placement> placements, Map<String, GroupType> missing,
            List<Group> old, Instant at) {
        Map<UUID, Group> oldById = old.stream().collect(Collectors.toMap(g -> g.id, Function.identity()));
        Uni<Void> written = Uni.createFrom().voidItem();
        for (Map.Entry<String, GroupType> entry : missing.entrySet()) {
            UUID id = UUID.fromString(entry.getKey());
            List<Placement> members = placements.stream().filter(p -> p.document().group() != null
                    && entry.getKey().equals(p.document().group().id())).toList();
            Placement first = members.get(0);
            Group group = oldById.getOrDefault(id, new Group());
            boolean fresh = group.id == null;
            group.id = id;
            group.imported(caller.projectId(), caller.userId(), first.document().group().name(),
                    entry.getValue().id, members.stream().map(p -> p.type().id.toString()).distinct().toList(),
                    first.poolHost(), zone(first.backend()), at);
            if (fresh) {
                written = written.call(() -> groups.persist(group));
            }
        }
        return written;
    }

    private Uni<Void> writeVolumes(Caller caller, List<Placement> placements, List<Volume> old, Instant at) {
        Map<UUID, Volume> oldById = old.stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
        List<Volume> fresh = new ArrayList<>();
        for (Placement placement : placements) {
            ReplicaDocument document = placement.document();
            UUID id = UUID.fromString(document.volumeId());
            Volume volume = oldById.get(id);
            if (volume == null) {
                volume = new Volume();
                volume.id = id;
                fresh.add(volume);
            }
            volume.importing(caller.projectId(), caller.userId(), document.name(), document.description(),
                    document.size(), document.metadata(), document.bootable(), document.multiattach(),
                    placement.type(), placement.poolHost(), zone(placement.backend()),
                    document.group() == null ? null : UUID.fromString(document.group().id()), at);
        }
        return fresh.isEmpty() ? Uni.createFrom().voidItem() : volumes.persist(fresh.stream());
    }

    private Uni<Void> commands(Caller caller, String importId, List<Placement> placements) {
        Map<String, List<ImportReplicas.Entry>> byBackend = new LinkedHashMap<>();
        for (Placement placement : placements) {
            ReplicaDocument document = placement.document();
            byBackend.computeIfAbsent(placement.backend().host(), b -> new ArrayList<>())
                    .add(new ImportReplicas.Entry(document.volumeId(), caller.projectId(), placement.poolHost(),
                            placement.type().id.toString(), placement.type().extraSpecs,
                            document.group() == null ? null : document.group().id(), document));
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<ImportReplicas.Entry>> backend : byBackend.entrySet()) {
            List<ImportReplicas.Entry> entries = backend.getValue();
            for (int from = 0; from < entries.size(); from += ExportReplicas.MAX_VOLUMES) {
                ImportReplicas command = new ImportReplicas(importId, backend.getKey(),
                        entries.subList(from, Math.min(entries.size(), from + ExportReplicas.MAX_VOLUMES)));
                sent = sent.call(() -> outbox.add(topics.volumeCommands(), command));
            }
        }
        return sent;
    }

    private String zone(BackendReport backend) {
        return backend.availabilityZone() == null ? defaultZone : backend.availabilityZone();
    }
}
