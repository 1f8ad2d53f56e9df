package org.replication.v3.volume.crosscloud.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.backend.DriverCalls.Driven;
import org.replication.v3.volume.driver.ManagedReplica;
import org.replication.v3.volume.driver.ReplicaToManage;
import org.replication.v3.volume.group.VolumeGroup;
import org.replication.v3.volume.group.VolumeGroupStatus;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.VolumeStatus;
import org.replication.v3.volume.lifecycle.repository.Volumes;

/**
 * The volume-service's part of a cross-cloud import (docs/cross-cloud.md): {@link #check} outside any transaction
 * (the driver checks each replica on its array against its document and takes it over), then {@link #record} in the
 * command's inbox transaction (the volumes, available and not replicated, with their groups when missing, and the
 * answer). A volume recorded here already by this import (a repeat after a crash) is answered as it is.
 */
@ApplicationScoped
public class ReplicaImports {

    private static final Logger LOG = Logger.getLogger(ReplicaImports.class);

    @Inject
    DriverCalls driver;
    @Inject
    Volumes volumes;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;

    /**
     * The driver's answers, one per volume of the command, and which of them were recorded here before (not
     * recorded again).
     */
    public record Checked(List<ReplicasImported.Result> results, Set<String> recordedBefore) {
    }

    public Uni<Driven<Checked>> check(ImportReplicas command, Backend backend) {
        List<String> ids = command.volumes().stream().map(ImportReplicas.Entry::volumeId).toList();
        LOG.infof("import %s: %d volumes on %s: %s", command.importId(), ids.size(), command.host(), ids);
        return Panache.withSession(() -> volumes.byIds(ids))
                .flatMap(rows -> driver.call(() -> checkOnArray(command, backend, rows)));
    }

    private static Checked checkOnArray(ImportReplicas command, Backend backend, Map<String, Volume> rows) {
        Map<String, ReplicasImported.Result> answers = new HashMap<>();
        Set<String> recordedBefore = new HashSet<>();
        List<ReplicaToManage> asked = new ArrayList<>();
        for (ImportReplicas.Entry entry : command.volumes()) {
            String id = entry.volumeId();
            String documentId = entry.document().documentId();
            Volume row = rows.get(id);
            if (row != null && row.host.equals(entry.poolHost()) && row.status == VolumeStatus.AVAILABLE
                    && row.replicationStatus == null && row.providerId != null) {
                recordedBefore.add(id);
                answers.put(id, new ReplicasImported.Result(id, documentId, entry.poolHost(), row.providerId,
                        row.sizeGb, null));
            } else if (row != null) {
                answers.put(id, failed(entry, "volume " + id + " exists on " + row.host + " already ("
                        + row.status.value() + ")"));
            } else if (!VolumeHost.parse(entry.poolHost()).backendHost().equals(command.host())) {
                answers.put(id, failed(entry, "volume " + id + " is to be recorded at " + entry.poolHost()
                        + ", not on backend " + command.host()));
            } else {
                asked.add(new ReplicaToManage(id, VolumeHost.parse(entry.poolHost()).pool(), entry.document()));
            }
        }
        if (!asked.isEmpty()) {
            Map<String, ImportReplicas.Entry> entries = new HashMap<>();
            command.volumes().forEach(e -> entries.put(e.volumeId(), e));
            for (ManagedReplica managed : backend.driver().manageReplicas(asked)) {
                ImportReplicas.Entry entry = entries.get(managed.volumeId());
                answers.put(managed.volumeId(), managed.error() != null ? failed(entry, managed.error())
                        : new ReplicasImported.Result(managed.volumeId(), entry.document().documentId(),
                                entry.poolHost(), managed.providerId(), managed.sizeGb(), null));
            }
        }
        return new Checked(command.volumes().stream().map(e -> answers.get(e.volumeId())).toList(), recordedBefore);
    }

    private static ReplicasImported.Result failed(ImportReplicas.Entry entry, String reason) {
        return new ReplicasImported.Result(entry.volumeId(), entry.document().documentId(), entry.poolHost(), null, 0,
                reason);
    }

    /** Records each volume taken over (available, not replicated; its group created when missing), and answers. */
    public Uni<Void> record(ImportReplicas command, Backend backend, Driven<Checked> checked) {
        List<ReplicasImported.Result> results = checked.succeeded() ? checked.result().results()
                : command.volumes().stream().map(e -> failed(e, checked.failure())).toList();
        Set<String> before = checked.succeeded() ? checked.result().recordedBefore() : Set.of();
        Map<String, ImportReplicas.Entry> entries = new HashMap<>();
        command.volumes().forEach(e -> entries.put(e.volumeId(), e));
        List<ReplicasImported.Result> toRecord = results.stream()
                .filter(r -> r.error() == null && !before.contains(r.volumeId())).toList();
        Instant now = Instant.now();
        return Multi.createFrom().iterable(toRecord)
                .onItem().transformToUniAndConcatenate(r -> recordVolume(entries.get(r.volumeId()), r, now))
                .collect().last()
                .flatMap(v -> outbox.add(topics.volumeEvents(), new ReplicasImported(command.importId(),
                        command.host(), results)))
                .invoke(() -> {
                    long imported = results.stream().filter(r -> r.error() == null).count();
                    results.stream().filter(r -> r.error() != null).forEach(r -> LOG.warnf(
                            "import %s: volume %s (document %s) refused: %s", command.importId(), r.volumeId(),
                            r.documentId(), r.error()));
                    LOG.infof("import %s: %d volumes managed on %s, %d refused", command.importId(), imported,
                            command.host(), results.size() - imported);
                    registry.counter("crosscloud.imported.volumes", "backend", backend.name(), "outcome",
                            "imported").increment(imported);
                    registry.counter("crosscloud.imported.volumes", "backend", backend.name(), "outcome",
                            "refused").increment(results.size() - imported);
                })
                .replaceWithVoid();
    }

    private static Uni<Void> recordVolume(ImportReplicas.Entry entry, ReplicasImported.Result result, Instant now) {
        VolumeHost location = VolumeHost.parse(entry.poolHost());
        Volume volume = new Volume();
        volume.id = entry.volumeId();
        volume.host = entry.poolHost();
        volume.backend = location.backend();
        volume.pool = location.pool();
        volume.sizeGb = result.size();
        volume.status = VolumeStatus.AVAILABLE;
        volume.providerId = result.providerId();
        volume.groupId = entry.groupId();
        volume.createdAt = now;
        volume.updatedAt = now;
        Uni<Void> group = entry.groupId() == null ? Uni.createFrom().voidItem()
                : VolumeGroup.<VolumeGroup>findById(entry.groupId()).flatMap(found -> {
                    if (found != null) {
                        return Uni.createFrom().voidItem();
                    }
                    VolumeGroup created = new VolumeGroup();
                    created.id = entry.groupId();
                    created.host = entry.poolHost();
                    created.backend = location.backend();
                    created.pool = location.pool();
                    created.status = VolumeGroupStatus.AVAILABLE;
                    created.createdAt = now;
                    created.updatedAt = now;
                    return created.persist().replaceWithVoid();
                });
        return group.flatMap(v -> volume.persist()).replaceWithVoid();
    }
}
