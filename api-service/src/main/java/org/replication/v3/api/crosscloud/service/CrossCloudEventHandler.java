package org.replication.v3.api.crosscloud.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.replication.v3.api.crosscloud.ItemStatus;
import org.replication.v3.api.crosscloud.repository.ReplicaExportRepository;
import org.replication.v3.api.crosscloud.repository.ReplicaImportRepository;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.messaging.VolumeEventRoutes;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;
import org.replication.v3.common.messaging.Routes;

/**
 * The volume-service's answers to exports and imports, each applied once (the inbox, in the same transaction):
 * documents and failures go to the items, the counts and the status follow from the items, and volumes move:
 * exported with clear_existing, they are deleted and hidden (and groups left empty with them); imported, they become
 * available, or are removed again when the volume-service refused the replica.
 */
@ApplicationScoped
public class CrossCloudEventHandler implements VolumeEventRoutes {

    private static final Logger LOG = Logger.getLogger(CrossCloudEventHandler.class);

    private final ReplicaExportRepository exports;
    private final ReplicaImportRepository imports;
    private final VolumeRepository volumes;
    private final GroupRepository groups;

    public CrossCloudEventHandler(ReplicaExportRepository exports, ReplicaImportRepository imports,
            VolumeRepository volumes, GroupRepository groups) {
        this.exports = exports;
        this.imports = imports;
        this.volumes = volumes;
        this.groups = groups;
    }

    @Override
    public Routes routes(Routes routes) {
        return routes.once(ReplicasExported.class, this::exported)
                .once(ReplicasImported.class, this::imported);
    }

    private Uni<Void> exported(ReplicasExported data, EventEnvelope event) {
        return exports.findById(data.exportId(), LockModeType.PESSIMISTIC_WRITE).flatMap(export -> {
            if (export == null) {
                LOG.warnf("event %s answers export %s, which this API never recorded; skipped", event.id(),
                        data.exportId());
                return Uni.createFrom().voidItem();
            }
            int n = data.results().size();
            String[] ids = new String[n];
            String[] statuses = new String[n];
            String[] documents = new String[n];
            String[] reasons = new String[n];
            List<UUID> cleared = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ReplicasExported.Result result = data.results().get(i);
                boolean ok = result.error() == null && result.document() != null;
                ids[i] = result.volumeId();
                statuses[i] = (ok ? ItemStatus.EXPORTED : ItemStatus.FAILED).value();
                documents[i] = ok ? ReplicaDocuments.write(result.document()) : null;
                reasons[i] = ok ? null : result.error() == null ? "no document came back" : result.error();
                if (ok && data.clearedExisting()) {
                    cleared.add(uuid(event, result.volumeId()));
                }
            }
            Instant at = CinderTime.now();
            List<UUID> clearedGroups = data.clearedGroupIds().stream().map(id -> uuid(event, id)).toList();
            return exports.settle(export.id, ids, statuses, documents, reasons)
                    .chain(() -> cleared.isEmpty() ? Uni.createFrom().item(0) : volumes.clearedByExport(cleared, at))
                    .chain(() -> clearedGroups.isEmpty() ? Uni.createFrom().item(0)
                            : groups.clearedByExport(clearedGroups, at))
                    .chain(() -> exports.counts(export.id))
                    .invoke(counts -> {
                        export.progressed(counts[0], counts[1], at);
                        LOG.infof("export %s: %d of %d volumes settled (%d failed, %d cleared here) -> %s (event %s)",
                                export.id, export.done, export.total, export.failed, cleared.size(),
                                export.status.value(), event.id());
                    }).replaceWithVoid();
        });
    }

    private Uni<Void> imported(ReplicasImported data, EventEnvelope event) {
        return imports.findById(data.importId(), LockModeType.PESSIMISTIC_WRITE).flatMap(replicaImport -> {
            if (replicaImport == null) {
                LOG.warnf("event %s answers import %s, which this API never recorded; skipped", event.id(),
                        data.importId());
                return Uni.createFrom().voidItem();
            }
            List<UUID> ids = data.results().stream().map(r -> uuid(event, r.volumeId())).toList();
            return volumes.find("id in ?1", ids).withLock(LockModeType.PESSIMISTIC_WRITE).list().flatMap(found -> {
                Map<UUID, Volume> byId = found.stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
                Instant at = CinderTime.now();
                int n = data.results().size();
                String[] itemIds = new String[n];
                String[] statuses = new String[n];
                String[] reasons = new String[n];
                for (int i = 0; i < n; i++) {
                    ReplicasImported.Result result = data.results().get(i);
                    Volume volume = byId.get(ids.get(i));
                    boolean ok = result.error() == null;
                    itemIds[i] = result.volumeId();
                    statuses[i] = (ok ? ItemStatus.IMPORTED : ItemStatus.FAILED).value();
                    reasons[i] = result.error();
                    if (volume == null) {
                        LOG.warnf("import %s: volume %s is not recorded here; its item settles alone",
                                replicaImport.id, result.volumeId());
                    } else if (ok) {
                        String host = result.poolHost() == null ? volume.host : result.poolHost();
                        volume.imported(host, serviceUuid(host), result.providerId(), result.size() > 0
                                ? result.size() : volume.size, at);
                    } else {
                        LOG.warnf("import %s: volume %s refused by the volume-service: %s", replicaImport.id,
                                result.volumeId(), result.error());
                        volume.importRefused(at);
                    }
                }
                return imports.settle(replicaImport.id, itemIds, statuses, reasons)
                        .chain(() -> imports.counts(replicaImport.id))
                        .invoke(counts -> {
                            replicaImport.progressed(counts[0], counts[1], at);
                            LOG.infof("import %s: %d of %d volumes settled (%d failed) -> %s (event %s)",
                                    replicaImport.id, replicaImport.done, replicaImport.total, replicaImport.failed,
                                    replicaImport.status.value(), event.id());
                        }).replaceWithVoid();
            });
        });
    }

    /** Cinder's service_uuid names the volume service of the backend, as for created volumes. */
    private static String serviceUuid(String poolHost) {
        int hash = poolHost.indexOf('#');
        String backend = hash < 0 ? poolHost : poolHost.substring(0, hash);
        return UUID.nameUUIDFromBytes(backend.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static UUID uuid(EventEnvelope event, String text) {
        UUID id = Uuids.parse(text);
        if (id == null) {
            throw new MalformedEventException("event " + event.id() + " names no id: " + text, null);
        }
        return id;
    }
}
