package org.replication.v3.volume.crosscloud.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.group.VolumeGroup;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.VolumeStatus;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * A cross-cloud export and import through volume.commands, on the real filearray driver and arrays: volumes of
 * {@code capacity} (array capacity, replicating the whole backend to site-c) fail over to site-c and are exported,
 * their records cleared; backend {@code plain} (array site-c) then imports them, as a second cloud's backend that
 * manages site-c would, and serves their bytes.
 */
@QuarkusTest
class CrossCloudCommandsTest {

    private static final String CAPACITY = "node1@capacity";
    private static final String PLAIN = "node1@plain";

    @Inject
    VolumeServiceBus bus;
    @Inject
    Backends backends;
    private final DataPlaneClient data = new DataPlaneClient(14);

    @Test
    void anExportClearingExistingRecordsPublishesSealedDocumentsAndAnImportManagesTheReplicasAgain() {
        String group = UUID.randomUUID().toString();
        bus.command(new CreateGroupOnBackend(group, "project-1", CAPACITY + "#bulk", "group-type-1", Map.of()));
        bus.event(GroupCreated.TYPE, group, GroupCreated.class);
        String alone = replicatedVolumeWithData(null);
        String member = replicatedVolumeWithData(group);
        String notFailedOver = replicatedVolumeWithData(null);
        String written = data.checksum(member, "primary");
        failover(alone, member);
        String exportId = UUID.randomUUID().toString();

        bus.command(new ExportReplicas(exportId, CAPACITY, true, List.of(entry(alone, null), entry(member, group),
                entry(notFailedOver, null))));

        ReplicasExported exported = bus.event(ReplicasExported.TYPE, CAPACITY, ReplicasExported.class,
                e -> e.exportId().equals(exportId));
        assertThat(exported.clearedExisting()).isTrue();
        assertThat(exported.clearedGroupIds()).containsExactly(group);
        assertThat(exported.results()).extracting(ReplicasExported.Result::volumeId)
                .containsExactly(alone, member, notFailedOver);
        assertThat(exported.results().get(2).document()).isNull();
        assertThat(exported.results().get(2).error()).contains("is not failed over");
        ReplicaDocument document = exported.results().get(1).document();
        assertThat(ReplicaDocuments.intact(document)).isTrue();
        assertThat(ReplicaDocuments.intact(exported.results().get(0).document())).isTrue();
        assertThat(document.documentId()).isEqualTo(UUID.nameUUIDFromBytes((exportId + "/" + member)
                .getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(document.name()).isEqualTo("name-" + member);
        assertThat(document.group().id()).isEqualTo(group);
        assertThat(document.source().host()).isEqualTo(CAPACITY + "#bulk");
        assertThat(document.replication()).isEqualTo(new ReplicaDocument.Replication(ReplicationMode.ASYNC, 300,
                ReplicationScope.BACKEND, true));
        assertThat(document.replica().array()).isEqualTo("site-c");
        assertThat(document.replica().backendId()).isEqualTo("site-c");
        assertThat(document.replica().generation()).isEqualTo(2);
        assertThat(recorded(alone)).isNull();
        assertThat(recorded(member)).isNull();
        assertThat(group(group)).isNull();
        assertThat(recorded(notFailedOver).replicationStatus).as("a volume not exported stays")
                .isEqualTo(ReplicationStatus.ENABLED);
        assertThat(backends.hosting(CAPACITY).orElseThrow().replication().orElseThrow()
                .exportReplicas(List.of(alone, notFailedOver))).extracting(r -> r.error()).satisfiesExactly(
                        error -> assertThat(error).as("the driver forgot it").contains("is not replicated"),
                        error -> assertThat(error).contains("is not failed over"));

        // A document altered since its export (and digested again) is refused by the array's marker.
        String tamperedId = UUID.randomUUID().toString();
        ReplicaDocument original = exported.results().get(0).document();
        ReplicaDocument tampered = ReplicaDocuments.sealed(new ReplicaDocument(original.formatVersion(),
                original.documentId(), null, original.exportedAt(), original.source(), alone, "renamed", null, 1,
                Map.of(), false, false, false, original.volumeType(), null, original.replication(),
                original.replica()));
        bus.command(new ImportReplicas(tamperedId, PLAIN, List.of(importing(tampered, null))));
        assertThat(imported(tamperedId).results()).singleElement().satisfies(r -> assertThat(r.error())
                .contains("differs from the one array site-c recorded at its export"));
        assertThat(recorded(alone)).isNull();

        String importId = UUID.randomUUID().toString();
        ImportReplicas command = new ImportReplicas(importId, PLAIN, List.of(importing(original, null),
                importing(document, group)));
        bus.command(command);

        ReplicasImported imported = imported(importId);
        assertThat(imported.results()).allSatisfy(r -> {
            assertThat(r.error()).isNull();
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.poolHost()).isEqualTo(PLAIN + "#pool-p");
        });
        assertThat(imported.results().get(1).providerId()).isEqualTo("pool-p/volume-" + member);
        Volume managed = recorded(member);
        assertThat(managed.status).isEqualTo(VolumeStatus.AVAILABLE);
        assertThat(managed.host).isEqualTo(PLAIN + "#pool-p");
        assertThat(managed.replicationStatus).isNull();
        assertThat(managed.groupId).isEqualTo(group);
        assertThat(group(group).host).isEqualTo(PLAIN + "#pool-p");
        assertThat(data.checksum(member, null)).as("served from the replica").isEqualTo(written);

        // The same documents again: the same volumes, answered as recorded.
        String againId = UUID.randomUUID().toString();
        bus.command(new ImportReplicas(againId, PLAIN, command.volumes()));
        assertThat(imported(againId).results()).extracting(ReplicasImported.Result::providerId)
                .containsExactlyElementsOf(imported.results().stream().map(ReplicasImported.Result::providerId)
                        .toList());

        // A volume recorded here otherwise, and one the array does not hold, are refused and nothing is recorded.
        String refusedId = UUID.randomUUID().toString();
        String elsewhere = UUID.randomUUID().toString();
        bus.command(new ImportReplicas(refusedId, PLAIN, List.of(importing(withVolume(document, notFailedOver),
                null), importing(withVolume(document, elsewhere), null))));
        assertThat(imported(refusedId).results()).extracting(ReplicasImported.Result::error).containsExactly(
                "volume " + notFailedOver + " exists on " + CAPACITY + "#bulk already (available)",
                "volume " + elsewhere + " does not exist on array site-c");
        assertThat(recorded(elsewhere)).isNull();
    }

    private ReplicasImported imported(String importId) {
        return bus.event(ReplicasImported.TYPE, PLAIN, ReplicasImported.class, e -> e.importId().equals(importId));
    }

    private static ReplicaDocument withVolume(ReplicaDocument d, String volumeId) {
        return ReplicaDocuments.sealed(new ReplicaDocument(d.formatVersion(), d.documentId(), null, d.exportedAt(),
                d.source(), volumeId, d.name(), d.description(), d.size(), d.metadata(), d.bootable(),
                d.multiattach(), d.encrypted(), d.volumeType(), d.group(), d.replication(), d.replica()));
    }

    private static ImportReplicas.Entry importing(ReplicaDocument document, String groupId) {
        return new ImportReplicas.Entry(document.volumeId(), "project-b", PLAIN + "#pool-p", "type-b", Map.of(),
                groupId, document);
    }

    private static ExportReplicas.Entry entry(String id, String group) {
        return new ExportReplicas.Entry(id, "project-1", "name-" + id, null, 1, Map.of("k", "v"), false, false,
                "bulk-type", Map.of("replication_enabled", "<is> True"), group, group == null ? null : "g",
                group == null ? null : "group-type-1", Map.of());
    }

    /** An async volume on capacity (its whole backend replicates to site-c) with data on both arrays. */
    private String replicatedVolumeWithData(String group) {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, CAPACITY + "#bulk", "type-1", Map.of(), group,
                Map.of()));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        data.write(id, "primary", 0, 64 * 1024);
        return id;
    }

    private void failover(String... ids) {
        for (String id : ids) {
            String operation = UUID.randomUUID().toString();
            SwitchVolumes command = new SwitchVolumes(operation, CAPACITY, FailoverAction.FAILOVER, "site-c", false,
                    List.of(id), FailbackChanges.KEEP, ReplicationScope.VOLUME, id);
            bus.command(command.subject(), command);
            assertThat(bus.switched(operation).results()).singleElement().satisfies(r -> assertThat(
                    r.replicationStatus()).isEqualTo(ReplicationStatus.FAILED_OVER));
        }
    }

    private static Volume recorded(String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Volume.<Volume>findById(id)));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static VolumeGroup group(String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> VolumeGroup.<VolumeGroup>findById(id)));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
