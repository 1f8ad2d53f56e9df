package org.replication.v3.volume.crosscloud.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.backend.DriverCalls.Driven;
import org.replication.v3.volume.backend.ReplicationDevices;
import org.replication.v3.volume.crosscloud.repository.ExportedRecords;
import org.replication.v3.volume.driver.ExportRecord;
import org.replication.v3.volume.driver.ExportedReplica;
import org.replication.v3.volume.driver.ReplicaExport;
import org.replication.v3.volume.driver.ReplicationDriver;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;

/**
 * The volume-service's part of a cross-cloud export (docs/cross-cloud.md), in the two steps of every driver command:
 * {@link #export} outside any transaction (the driver reads each replica on its array, the documents are built and
 * sealed, their digests recorded on the arrays), then {@link #record} in the command's inbox transaction (with
 * {@code clear_existing}, this service's rows of the exported volumes go, and the answer is published; once that
 * is committed, {@link #forgetCleared} has the driver forget them). A crash in
 * between repeats the first step: the documents keep their ids (derived from the export and the volume) and the
 * arrays' markers are replaced by the repeat's, which is the one published.
 */
@ApplicationScoped
public class ReplicaExports {

    private static final Logger LOG = Logger.getLogger(ReplicaExports.class);

    @Inject
    DriverCalls driver;
    @Inject
    Volumes volumes;
    @Inject
    ExportedRecords records;
    @Inject
    BackendsConfig config;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;

    /** The volumes each recorded export command cleared, until its transaction committed (then forgotten). */
    private final Map<ExportReplicas, List<String>> cleared = new java.util.concurrent.ConcurrentHashMap<>();

    /** The document id of a volume in an export: the same for a repeat of the export after a crash. */
    public static String documentId(String exportId, String volumeId) {
        return UUID.nameUUIDFromBytes((exportId + "/" + volumeId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** One result per volume of the command, in its order: a sealed document recorded on its array, or why not. */
    public Uni<Driven<List<ReplicasExported.Result>>> export(ExportReplicas command, Backend backend) {
        List<String> ids = command.volumes().stream().map(ExportReplicas.Entry::volumeId).toList();
        LOG.infof("export %s: %d volumes of %s (clear existing: %s): %s", command.exportId(), ids.size(),
                command.host(), command.clearExisting(), ids);
        return Panache.withSession(() -> volumes.byIds(ids))
                .flatMap(rows -> driver.call(() -> exportOnArrays(command, backend, rows)));
    }

    private List<ReplicasExported.Result> exportOnArrays(ExportReplicas command, Backend backend,
            Map<String, Volume> rows) {
        Map<String, String> errors = new HashMap<>();
        List<String> failedOver = new ArrayList<>();
        for (ExportReplicas.Entry entry : command.volumes()) {
            String refusal = refusal(command, backend, rows.get(entry.volumeId()), entry.volumeId());
            if (refusal != null) {
                errors.put(entry.volumeId(), refusal);
            } else {
                failedOver.add(entry.volumeId());
            }
        }
        Map<String, ReplicaDocument> documents = new LinkedHashMap<>();
        if (!failedOver.isEmpty()) {
            ReplicationDriver replication = backend.replication().orElseThrow();
            Instant now = Instant.now();
            Map<String, ExportReplicas.Entry> entries = new HashMap<>();
            command.volumes().forEach(e -> entries.put(e.volumeId(), e));
            for (ExportedReplica exported : replication.exportReplicas(failedOver)) {
                if (exported.error() != null) {
                    errors.put(exported.volumeId(), exported.error());
                } else {
                    documents.put(exported.volumeId(), document(command, entries.get(exported.volumeId()),
                            rows.get(exported.volumeId()), exported.export(), now));
                }
            }
            if (!documents.isEmpty()) {
                replication.recordExports(documents.values().stream().map(d -> new ExportRecord(d.volumeId(),
                        d.documentId(), d.digest())).toList()).forEach((id, error) -> {
                            documents.remove(id);
                            errors.put(id, error);
                        });
            }
        }
        return command.volumes().stream().map(e -> documents.containsKey(e.volumeId())
                ? new ReplicasExported.Result(e.volumeId(), documents.get(e.volumeId()), null)
                : new ReplicasExported.Result(e.volumeId(), null, errors.get(e.volumeId()))).toList();
    }

    /** Why this service does not export the volume (null: it may): only a failed-over volume it replicates. */
    private static String refusal(ExportReplicas command, Backend backend, Volume row, String id) {
        if (row == null || !VolumeHost.parse(row.host).backendHost().equals(command.host())) {
            return "volume " + id + " is not on backend " + command.host();
        }
        if (row.replicationStatus == null || backend.replication().isEmpty()) {
            return "volume " + id + " is not replicated on backend " + command.host();
        }
        if (row.replicationStatus != ReplicationStatus.FAILED_OVER) {
            return "volume " + id + " is not failed over (its replication status is "
                    + row.replicationStatus.value() + "); only a failed-over volume's replica can be exported";
        }
        return null;
    }

    /** The volume's document: what the API owns from the command, how it replicated from its row, sealed. */
    private ReplicaDocument document(ExportReplicas command, ExportReplicas.Entry entry, Volume row,
            ReplicaExport replica, Instant now) {
        ReplicationMode mode = ReplicationMode.of(row.replicationMode);
        ReplicaDocument.Group group = entry.groupId() == null ? null : new ReplicaDocument.Group(entry.groupId(),
                entry.groupName(), entry.groupTypeName(), entry.groupSpecs());
        return ReplicaDocuments.sealed(new ReplicaDocument(ReplicaDocuments.FORMAT_VERSION,
                documentId(command.exportId(), entry.volumeId()), null, now,
                new ReplicaDocument.Source(entry.projectId(), row.host), entry.volumeId(), entry.name(),
                entry.description(), entry.size(), entry.metadata(), entry.bootable(), entry.multiattach(), false,
                new ReplicaDocument.VolumeType(entry.volumeTypeName(), entry.volumeTypeSpecs()), group,
                new ReplicaDocument.Replication(mode, mode == ReplicationMode.ASYNC ? row.replicationRpoSeconds
                        : null, scope(row), true),
                new ReplicaDocument.Replica(replica.array(), replica.backendId(), replica.providerLocation(),
                        replica.pool(), replica.sizeBytes(), replica.generation(), replica.consistentAt())));
    }

    /** A replicated group's volume: group; else the pool or backend when replicated as a whole; else the volume. */
    private ReplicationScope scope(Volume row) {
        if (row.replicationGroupId != null) {
            return ReplicationScope.GROUP;
        }
        BackendsConfig.Backend backendConfig = config.backends().get(row.backend);
        ReplicationScope whole = backendConfig == null ? null
                : ReplicationDevices.defaults(row.backend, backendConfig, row.pool).scope();
        return whole == null ? ReplicationScope.VOLUME : whole;
    }

    /**
     * Publishes the answer; with {@code clear_existing}, first deletes the exported volumes' rows (and groups left
     * empty) in the same transaction, and then has the driver forget them. A volume not exported keeps its rows.
     */
    public Uni<Void> record(ExportReplicas command, Backend backend, Driven<List<ReplicasExported.Result>> done) {
        List<ReplicasExported.Result> results = done.succeeded() ? done.result() : command.volumes().stream()
                .map(e -> new ReplicasExported.Result(e.volumeId(), null, done.failure())).toList();
        List<String> exported = results.stream().filter(r -> r.document() != null)
                .map(ReplicasExported.Result::volumeId).toList();
        Uni<List<String>> clearing = command.clearExisting() && !exported.isEmpty() ? records.clear(exported)
                : Uni.createFrom().item(List.of());
        return clearing.flatMap(groups -> outbox.add(topics.volumeEvents(), new ReplicasExported(command.exportId(),
                command.host(), command.clearExisting(), results, groups)).invoke(() -> {
                    int failed = results.size() - exported.size();
                    results.stream().filter(r -> r.error() != null).forEach(r -> LOG.warnf(
                            "export %s: volume %s not exported: %s", command.exportId(), r.volumeId(), r.error()));
                    LOG.infof("export %s: %d volumes of %s exported%s, %d refused: %s", command.exportId(),
                            exported.size(), command.host(), command.clearExisting() ? " and cleared here (groups"
                                    + " cleared: " + groups + ")" : "", failed, exported);
                    registry.counter("crosscloud.exported.volumes", "backend", backend.name(), "outcome",
                            "exported").increment(exported.size());
                    registry.counter("crosscloud.exported.volumes", "backend", backend.name(), "outcome",
                            "refused").increment(failed);
                    if (command.clearExisting()) {
                        cleared.put(command, exported);
                    }
                })).replaceWithVoid();
    }

    /**
     * Once the clearing is committed, the driver forgets the volumes. Not before: a transaction that fails is
     * retried (or the command redelivered), and its export must find them replicated still.
     */
    public void forgetCleared(ExportReplicas command, Backend backend) {
        List<String> exported = cleared.remove(command);
        if (exported != null && !exported.isEmpty()) {
            backend.replication().ifPresent(r -> r.forgetReplicas(exported));
        }
    }
}
