package org.replication.v3.volume.driver.filearray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.ExportRecord;
import org.replication.v3.volume.driver.ExportedReplica;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.ManagedReplica;
import org.replication.v3.volume.driver.ReplicaExport;
import org.replication.v3.volume.driver.ReplicaToManage;
import org.replication.v3.volume.driver.ReplicaState;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.RestoredReplica;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;

/**
 * The filearray driver's replication through the driver interface (what volume-service and its workflows see),
 * against two real reference array processes: {@code fast} replicating to {@code site-b}. An array lost is its
 * process killed (kill -9). Every test uses volumes of its own: the arrays are shared by the JVM's tests.
 */
class FileArrayReplicationTest {

    private static final ReplicationTarget SITE_B = new ReplicationTarget("site-b",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), false,
            Set.of(SyncTopology.ACTIVE_PASSIVE, SyncTopology.ACTIVE_ACTIVE), true, 5, "az-2",
            Set.of(ReplicationScope.VOLUME, ReplicationScope.GROUP));
    private static final long GIB = 1L << 30;

    private final ArrayClient fast = TestArrays.client("fast");
    private final ArrayClient siteB = TestArrays.client("site-b");
    private final ReplicatedVolume gold = volume("gold", ReplicationMode.SYNC, null);
    private final ReplicatedVolume silver = volume("silver", ReplicationMode.ASYNC, 10);
    private FileArrayReplication driver = driver(Duration.ZERO);

    private FileArrayReplication driver(Duration switchDelay) {
        return new FileArrayReplication("fast", fast, List.of(SITE_B), Map.of("site-b", siteB), Optional.empty(),
                switchDelay);
    }

    private static ReplicatedVolume volume(String name, ReplicationMode mode, Integer rpo) {
        return new ReplicatedVolume(TestArrays.unique(name), 1, "pool-a", mode,
                mode == ReplicationMode.SYNC ? SyncTopology.ACTIVE_PASSIVE : null, false, rpo);
    }

    /** Creates the volumes on fast, as the volume driver does before replication is enabled. */
    private void created(ReplicatedVolume... volumes) throws Exception {
        for (ReplicatedVolume volume : volumes) {
            fast.create(volume.id(), volume.sizeGb() * GIB, volume.pool());
        }
    }

    private static ReplicationRequest request(ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes));
    }

    private static ReplicationRequest forced(ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes), false,
                true);
    }

    private static ReplicationRequest failback(FailbackChanges changes, ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes), false,
                false, changes);
    }

    private static byte[] filled(int value) {
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private static byte first(ArrayClient array, String id, long offset) throws Exception {
        try (var in = array.read(id, offset, 1)) {
            return in.readAllBytes()[0];
        }
    }

    private void awaitShipped(ReplicatedVolume volume) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fast.list(List.of(volume.id())).get(0).path("pair")
                .path("pending_bytes").asLong() == 0);
    }

    @AfterEach
    void arraysBack() {
        TestArrays.arrays().start("fast");
        TestArrays.arrays().start("site-b");
    }

    @Test
    void enablingPairsTheVolumesOnTheArrayAndIsIdempotent() throws Exception {
        created(gold, silver);

        assertThat(driver.enableReplication(request(gold, silver))).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED, ReplicationStatus.ENABLED);
        assertThat(driver.enableReplication(request(gold))).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED);

        var pair = fast.list(List.of(gold.id())).get(0).path("pair");
        assertThat(pair.path("peer").asText()).isEqualTo("site-b");
        assertThat(pair.path("mode").asText()).isEqualTo("sync");
        assertThat(siteB.list(List.of(gold.id(), silver.id()))).hasSize(2);
        assertThat(driver.lag()).containsKeys(gold.id(), silver.id());
    }

    @Test
    void itReportsWhetherItsOwnArrayAndEachTargetAnswer() {
        driver.housekeeping();
        assertThat(driver.arrayReachable()).isTrue();
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(true);

        TestArrays.arrays().kill("fast");
        driver.housekeeping();
        assertThat(driver.arrayReachable()).as("the primary lost").isFalse();
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(true);

        TestArrays.arrays().kill("site-b");
        driver.housekeeping();
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(false);
        TestArrays.arrays().start("site-b");
    }

    @Test
    void aPlannedFailoverSwitchesWithNothingLostAndARepeatedOneChangesNothing() throws Exception {
        FileArrayReplication delayed = driver(Duration.ofMillis(200));
        created(gold);
        delayed.enableReplication(request(gold));
        fast.write(gold.id(), 0, filled(1));

        long started = System.nanoTime();
        assertThat(delayed.failover(request(gold)).volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
            assertThat(v.fencedBy()).isEqualTo(FencedBy.PLANNED);
            assertThat(v.lostBytes()).isZero();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        assertThat(delayed.failover(request(gold)).volumes()).as("a redone command").singleElement()
                .satisfies(v -> {
                    assertThat(v.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(v.error()).isNull();
                });
        assertThat(first(siteB, gold.id(), 0)).isEqualTo((byte) 1);
        siteB.write(gold.id(), 4096, filled(2));
        assertThat(first(fast, gold.id(), 4096)).as("the old primary gets nothing until reprotected").isZero();
        assertThatThrownBy(() -> fast.write(gold.id(), 0, filled(3))).isInstanceOf(ArrayClient.Refused.class);
    }

    @Test
    void anUnplannedFailoverNeedsForceForSyncAndReportsWhatAsyncHadNotShipped() throws Exception {
        created(gold, silver);
        driver.enableReplication(request(gold, silver));
        fast.write(gold.id(), 0, filled(1));
        fast.write(silver.id(), 0, filled(1));
        awaitShipped(silver);
        fast.write(silver.id(), 1 << 20, filled(2));
        assertThat(driver.lag().get(silver.id()).pendingBytes()).isPositive();
        // The target learns what it lacks from the primary's pending reports (every second).
        await().atMost(Duration.ofSeconds(10)).until(() -> TestArrays.get("site-b", "/v1/volumes/" + silver.id()
                + "/at-risk").path("count").asLong() == 1);

        TestArrays.arrays().kill("fast");
        assertThat(driver.failover(request(gold)).volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.FAILOVER_ERROR);
            assertThat(v.error()).contains("repeat with force");
        });
        FailoverResult result = driver.failover(forced(gold, silver));

        assertThat(result.activeBackendId()).isEqualTo("site-b");
        assertThat(result.volumes()).satisfiesExactly(
                v -> {
                    assertThat(v.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(v.lostBytes()).isZero();
                    assertThat(v.fencedBy()).isEqualTo(FencedBy.OPERATOR);
                },
                v -> {
                    assertThat(v.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(v.lostBytes()).as("the unshipped block").isEqualTo(4096);
                    assertThat(v.dataAsOf()).isNotNull();
                    assertThat(v.atRiskBytes()).isEqualTo(4096);
                    assertThat(v.atRiskAsOf()).as("the primary's last report").isAfterOrEqualTo(v.dataAsOf());
                    assertThat(v.lagAtLossSeconds()).isGreaterThanOrEqualTo(0.0);
                });
        assertThat(first(siteB, silver.id(), 1 << 20)).isZero();
        assertThat(first(siteB, silver.id(), 0)).isEqualTo((byte) 1);
        assertThat(driver.exportReplicas(List.of(gold.id())).get(0).export().providerLocation())
                .isEqualTo("site-b:pool-a/volume-" + gold.id());
    }

    @Test
    void failbackKeepsOrDiscardsWhatTheTargetWroteAsAsked() throws Exception {
        ReplicatedVolume bronze = volume("bronze", ReplicationMode.ASYNC, 10);
        created(silver, bronze);
        driver.enableReplication(request(silver, bronze));
        fast.write(silver.id(), 0, filled(1));
        fast.write(bronze.id(), 0, filled(1));
        awaitShipped(silver);
        awaitShipped(bronze);
        TestArrays.arrays().kill("fast");
        assertThat(driver.failover(request(silver, bronze)).volumes()).extracting(VolumeReplicationUpdate::fencedBy)
                .containsExactly(FencedBy.DRIVER, FencedBy.DRIVER);
        siteB.write(silver.id(), 0, filled(7));
        siteB.write(bronze.id(), 0, filled(7));
        TestArrays.arrays().start("fast");

        FailoverResult kept = driver.failback(failback(FailbackChanges.KEEP, silver));
        FailoverResult discarded = driver.failback(failback(FailbackChanges.DISCARD, bronze));

        assertThat(kept.activeBackendId()).isNull();
        assertThat(kept.volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
            assertThat(v.lostBytes()).isZero();
        });
        assertThat(first(fast, silver.id(), 0)).as("the target's write, kept").isEqualTo((byte) 7);
        assertThat(discarded.volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
            assertThat(v.lostBytes()).as("the block the target wrote alone").isEqualTo(4096);
        });
        assertThat(first(fast, bronze.id(), 0)).isEqualTo((byte) 1);
        assertThat(first(siteB, bronze.id(), 0)).as("the target's change is gone").isEqualTo((byte) 1);
        fast.write(silver.id(), 8192, filled(4));
        awaitShipped(silver);
        assertThat(siteB.checksum(silver.id())).as("replicating from the primary again")
                .isEqualTo(fast.checksum(silver.id()));
    }

    @Test
    void reprotectReversesTheReplicationOfFailedOverVolumesOnly() throws Exception {
        created(gold, silver);
        driver.enableReplication(request(gold, silver));
        fast.write(gold.id(), 0, filled(1));
        driver.failover(request(gold));
        siteB.write(gold.id(), 4096, filled(5));

        FailoverResult result = driver.reprotect(request(gold, silver));

        assertThat(result.activeBackendId()).as("the target still serves").isEqualTo("site-b");
        assertThat(result.volumes()).satisfiesExactly(
                v -> {
                    assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
                    assertThat(v.error()).isNull();
                },
                v -> {
                    assertThat(v.status()).as("still at its primary").isEqualTo(ReplicationStatus.ENABLED);
                    assertThat(v.error()).contains("not failed over");
                });
        assertThat(first(fast, gold.id(), 4096)).isEqualTo((byte) 5);
        siteB.write(gold.id(), 8192, filled(6));
        assertThat(first(fast, gold.id(), 8192)).as("mirrored to the old primary").isEqualTo((byte) 6);

        assertThat(driver.failback(request(gold)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED));
        fast.write(gold.id(), 0, filled(9));
        assertThat(first(siteB, gold.id(), 0)).isEqualTo((byte) 9);
    }

    @Test
    void aRestartedDriverFindsTheArraysAsTheyWereAndCopiesNothing() throws Exception {
        created(gold, silver);
        driver.enableReplication(request(gold, silver));
        driver.failover(request(gold));
        siteB.write(gold.id(), 0, filled(5));

        FileArrayReplication restarted = driver(Duration.ZERO);
        List<RestoredReplica> restored = restarted.restoreReplication(List.of(
                new ReplicaState(gold, "site-b", null, true, true), new ReplicaState(silver, "site-b", null, false,
                        false)));

        assertThat(restored).containsExactly(new RestoredReplica(gold.id(), 0, null),
                new RestoredReplica(silver.id(), 0, null));
        assertThat(restarted.failback(request(gold)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED));
        assertThat(first(fast, gold.id(), 0)).isEqualTo((byte) 5);
    }

    @Test
    void aVolumeTheArrayDoesNotShowAsRecordedIsReportedNotRepaired() throws Exception {
        created(gold);

        List<RestoredReplica> restored = driver.restoreReplication(List.of(
                new ReplicaState(gold, "site-b", null, false, false)));

        assertThat(restored).singleElement().satisfies(r -> assertThat(r.error()).contains("shows no pair"));
        assertThat(fast.list(List.of(gold.id())).get(0).has("pair")).isFalse();
    }

    @Test
    void aRestoredGroupKeepsItsVolumesAlike() throws Exception {
        created(silver);
        driver.enableReplication(request(silver));
        driver.restoreReplication(List.of(new ReplicaState(silver, "site-b", "group-" + silver.id(), false, false)));

        List<VolumeReplicationUpdate> sync = driver.enableReplication(new ReplicationRequest(ReplicationScope.GROUP,
                "group-" + silver.id(), "site-b", List.of(gold)));

        assertThat(sync).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ERROR);
            assertThat(v.error()).contains("replicates async to site-b");
        });
    }

    @Test
    void aGroupIsOneConsistencyGroupOnBothArraysAndFailsOverToOneInstant() throws Exception {
        ReplicatedVolume bronze = volume("bronze", ReplicationMode.ASYNC, 10);
        created(silver, bronze);
        String group = TestArrays.unique("group");
        ReplicationRequest enable = new ReplicationRequest(ReplicationScope.GROUP, group, "site-b",
                List.of(silver, bronze));

        assertThat(driver.enableReplication(enable)).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED, ReplicationStatus.ENABLED);

        for (String array : List.of("fast", "site-b")) {
            assertThat(TestArrays.get(array, "/v1/groups/" + group).path("group").path("volumes"))
                    .extracting(v -> v.asText()).containsExactlyInAnyOrder(silver.id(), bronze.id());
        }
        fast.write(silver.id(), 0, filled(1));
        fast.write(bronze.id(), 4096, filled(2));
        awaitShipped(silver);
        awaitShipped(bronze);
        TestArrays.arrays().kill("fast");

        FailoverResult result = driver.failover(new ReplicationRequest(ReplicationScope.GROUP, group, "site-b",
                List.of(silver, bronze)));

        assertThat(result.volumes()).extracting(VolumeReplicationUpdate::status)
                .containsOnly(ReplicationStatus.FAILED_OVER);
        assertThat(result.volumes()).extracting(VolumeReplicationUpdate::dataAsOf).doesNotContainNull()
                .as("one instant for the whole group").containsOnly(result.volumes().get(0).dataAsOf());
        assertThat(first(siteB, silver.id(), 0)).isEqualTo((byte) 1);
        assertThat(first(siteB, bronze.id(), 4096)).isEqualTo((byte) 2);
    }

    // ---- cross-cloud export and import (issue 14) ----

    @Test
    void aFailedOverReplicaExportsWithItsIdentityAndGenerationAndOneNotFailedOverIsRefused() throws Exception {
        created(gold, silver);
        driver.enableReplication(request(gold, silver));
        driver.failover(request(gold));
        String unknown = TestArrays.unique("unknown");

        List<ExportedReplica> exports = driver.exportReplicas(List.of(gold.id(), silver.id(), unknown));

        assertThat(exports).extracting(ExportedReplica::volumeId).containsExactly(gold.id(), silver.id(), unknown);
        ReplicaExport export = exports.get(0).export();
        assertThat(exports.get(0).error()).isNull();
        assertThat(export.array()).isEqualTo("site-b");
        assertThat(export.backendId()).isEqualTo("site-b");
        assertThat(export.providerLocation()).isEqualTo("site-b:pool-a/volume-" + gold.id());
        assertThat(export.pool()).isEqualTo("pool-a");
        assertThat(export.sizeBytes()).isEqualTo(GIB);
        assertThat(export.generation()).isEqualTo(siteB.list(List.of(gold.id())).get(0).path("generation").asLong())
                .isEqualTo(2);
        assertThat(export.consistentAt()).isNotNull();
        assertThat(exports.get(1).export()).isNull();
        assertThat(exports.get(1).error()).contains("volume " + silver.id() + " is not failed over");
        assertThat(exports.get(2).error()).contains("is not replicated by backend fast");
    }

    @Test
    void anImportTakesTheReplicaOnlyAtTheDocumentsGenerationWithTheDigestItsArrayRecorded() throws Exception {
        created(gold, silver);
        driver.enableReplication(request(gold, silver));
        fast.write(gold.id(), 0, filled(3));
        driver.failover(request(gold));
        ReplicaExport export = driver.exportReplicas(List.of(gold.id())).get(0).export();
        ReplicaDocument document = document(export, "first");
        FileArrayDriver importer = new FileArrayDriver(siteB, FileArrayDriverTest.backend(Map.of("pool-b", 100L)));

        assertThat(importer.manageReplicas(List.of(manage(document))).get(0).error())
                .isEqualTo("array site-b holds no export of document " + document.documentId());

        assertThat(driver.recordExports(List.of(new ExportRecord(gold.id(), document.documentId(),
                document.digest())))).isEmpty();
        assertThat(siteB.list(List.of(gold.id())).get(0).path("export").path("digest").asText())
                .isEqualTo(document.digest());

        ReplicaDocument otherGeneration = ReplicaDocuments.sealed(new ReplicaDocument(1, document.documentId(), null,
                document.exportedAt(), document.source(), gold.id(), "first", null, 1, Map.of(), false, false, false,
                document.volumeType(), null, document.replication(), new ReplicaDocument.Replica("site-b", "site-b",
                export.providerLocation(), "pool-a", GIB, 5, export.consistentAt())));
        ReplicaDocument altered = ReplicaDocuments.sealed(document(export, "renamed"));
        ReplicaDocument notServed = document(driver.exportReplicas(List.of(gold.id())).get(0).export(), "x")
                .withDigest(null);
        assertThat(importer.manageReplicas(List.of(manage(otherGeneration), manage(altered),
                new ReplicaToManage(silver.id(), "pool-b", sealedFor(silver.id(), notServed)))))
                .extracting(ManagedReplica::error).containsExactly(
                        "the replica on array site-b is at generation 2, not the document's 5: it has changed"
                                + " hands since the export",
                        "the digest of document " + document.documentId() + " differs from the one array site-b"
                                + " recorded at its export: the document was altered",
                        "the replica of volume " + silver.id() + " on array site-b does not serve there (secondary):"
                                + " it is not the failed-over copy");

        List<ManagedReplica> managed = importer.manageReplicas(List.of(manage(document)));

        assertThat(managed).singleElement().satisfies(m -> {
            assertThat(m.error()).isNull();
            assertThat(m.providerId()).isEqualTo("pool-b/volume-" + gold.id());
            assertThat(m.sizeGb()).isEqualTo(1);
        });
        assertThat(siteB.list(List.of(gold.id())).get(0).has("pair")).as("the exporting cloud's pair ended")
                .isFalse();
        assertThat(importer.manageReplicas(List.of(manage(document))).get(0).error()).as("again: the same")
                .isNull();
        assertThat(first(siteB, gold.id(), 0)).isEqualTo((byte) 3);

        driver.forgetReplicas(List.of(gold.id()));
        assertThat(driver.lag()).doesNotContainKey(gold.id());
        assertThat(driver.exportReplicas(List.of(gold.id())).get(0).error()).contains("is not replicated");
    }

    @Test
    void anImportedVolumeIsReprotectedTowardsTheArrayItWasFailedAwayFromOverItsStaleCopy() throws Exception {
        created(gold);
        driver.enableReplication(request(gold));
        fast.write(gold.id(), 0, filled(3));
        fast.write(gold.id(), 8192, filled(4));
        driver.failover(request(gold));
        // Cloud B's copy changes after the export: the stale copy on fast must not keep its old blocks.
        siteB.write(gold.id(), 8192, new byte[4096]);
        siteB.write(gold.id(), 4096, filled(6));
        ReplicaExport export = driver.exportReplicas(List.of(gold.id())).get(0).export();
        ReplicaDocument document = document(export, "first");
        driver.recordExports(List.of(new ExportRecord(gold.id(), document.documentId(), document.digest())));
        driver.forgetReplicas(List.of(gold.id()));
        FileArrayDriver importer = new FileArrayDriver(siteB, FileArrayDriverTest.backend(Map.of("pool-a", 100L)));
        assertThat(importer.manageReplicas(List.of(manage(document))).get(0).error()).isNull();
        ReplicationTarget back = new ReplicationTarget("fast", Set.of(ReplicationMode.ASYNC), true, Set.of(), false,
                60, "az-1", Set.of(ReplicationScope.VOLUME, ReplicationScope.GROUP));
        FileArrayReplication cloudB = new FileArrayReplication("dr", siteB, List.of(back), Map.of("fast", fast),
                Optional.empty(), Duration.ZERO);
        ReplicatedVolume imported = new ReplicatedVolume(gold.id(), 1, "pool-a", ReplicationMode.ASYNC, null, false,
                60);

        assertThat(cloudB.enableReplication(new ReplicationRequest(ReplicationScope.VOLUME, gold.id(), "fast",
                List.of(imported)))).singleElement().satisfies(u -> {
                    assertThat(u.error()).isNull();
                    assertThat(u.status()).isEqualTo(ReplicationStatus.ENABLED);
                });

        var onFast = fast.list(List.of(gold.id())).get(0);
        assertThat(onFast.path("role").asText()).isEqualTo("secondary");
        assertThat(onFast.has("fence")).isFalse();
        assertThat(siteB.list(List.of(gold.id())).get(0).path("role").asText()).isEqualTo("primary");
        assertThat(fast.checksum(gold.id())).as("a full copy from site-b").isEqualTo(siteB.checksum(gold.id()));
        assertThat(first(fast, gold.id(), 8192)).isZero();
        assertThat(first(fast, gold.id(), 4096)).isEqualTo((byte) 6);
    }

    private static ReplicaToManage manage(ReplicaDocument document) {
        return new ReplicaToManage(document.volumeId(), "pool-b", document);
    }

    private static ReplicaDocument sealedFor(String volumeId, ReplicaDocument document) {
        return ReplicaDocuments.sealed(new ReplicaDocument(1, document.documentId(), null, document.exportedAt(),
                document.source(), volumeId, document.name(), null, 1, Map.of(), false, false, false,
                document.volumeType(), null, document.replication(), document.replica()));
    }

    /** The sealed document the volume-service builds from an export, with only what the driver checks varying. */
    private static ReplicaDocument document(ReplicaExport export, String name) {
        return ReplicaDocuments.sealed(new ReplicaDocument(ReplicaDocuments.FORMAT_VERSION,
                "doc-" + export.volumeId(), null, java.time.Instant.parse("2026-12-05T09:00:00Z"),
                new ReplicaDocument.Source("project", "node1@fast#pool-a"), export.volumeId(), name, null, 1, Map.of(),
                false, false, false, new ReplicaDocument.VolumeType("gold", Map.of()), null,
                new ReplicaDocument.Replication(ReplicationMode.SYNC, null, ReplicationScope.VOLUME, true),
                new ReplicaDocument.Replica(export.array(), export.backendId(), export.providerLocation(),
                        export.pool(), export.sizeBytes(), export.generation(), export.consistentAt())));
    }

    @Test
    void refusesWhatCannotWork() throws Exception {
        assertThatThrownBy(() -> driver.failover(new ReplicationRequest(ReplicationScope.VOLUME, "x", "site-z",
                List.of(gold)))).isInstanceOf(VolumeDriverException.class).hasMessageContaining("no replication"
                + " target 'site-z'");
        created(gold);
        driver.enableReplication(request(gold));
        assertThat(driver.exportReplicas(List.of(gold.id())).get(0).error()).contains("is not failed over");
        assertThat(driver.failover(request(silver)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.error()).contains("has no replica"));
    }
}
