package org.replication.v3.volume.driver.filearray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.volume.driver.ManualClock;
import org.replication.v3.volume.driver.ReplicaState;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.RestoredReplica;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.driver.filearray.replication.ReplicaPair;
import org.replication.v3.volume.driver.filearray.replication.Side;
import org.replication.v3.volume.driver.filearray.replication.WriteRefusedException;

/**
 * A restart of the filearray driver: a fresh instance over the same array directories restores the pairs as
 * volume-service recorded them, copying only what may be pending.
 */
class ReplicationRestoreTest {

    private static final int BLOCK = FastToSiteB.BLOCK;
    private static final ReplicatedVolume GOLD = FastToSiteB.GOLD;
    private static final ReplicatedVolume SILVER = FastToSiteB.SILVER;
    private static final ReplicatedVolume BRONZE = new ReplicatedVolume("bronze-1", 1, "pool-a",
            ReplicationMode.ASYNC, null, false, 10);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private FileArrayReplication driver;

    @BeforeEach
    void driver() {
        driver = started();
    }

    private FileArrayReplication started() {
        return FastToSiteB.driver(dir, clock, Duration.ZERO);
    }

    private static ReplicationRequest request(ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes));
    }

    private static ReplicaState primaryServing(ReplicatedVolume volume) {
        return new ReplicaState(volume, "site-b", null, false, false);
    }

    private static ReplicaState failedOver(ReplicatedVolume volume) {
        return new ReplicaState(volume, "site-b", null, true, true);
    }

    private static ReplicaState reprotected(ReplicatedVolume volume) {
        return new ReplicaState(volume, "site-b", null, true, false);
    }

    private static byte[] filled(byte value) {
        byte[] data = new byte[4096];
        Arrays.fill(data, value);
        return data;
    }

    /**
     * Dates a volume's files on both arrays, as a crash leaves them: restore compares modification times, which
     * the file system's timestamp tick would otherwise decide for writes made a few milliseconds apart.
     */
    private void modified(String volumeId, Instant primary, Instant replica) throws IOException {
        Files.setLastModifiedTime(dir.resolve("fast/pool-a/volume-" + volumeId), FileTime.from(primary));
        Files.setLastModifiedTime(dir.resolve("site-b/pool-a/volume-" + volumeId), FileTime.from(replica));
    }

    @Test
    void aFailedOverPairComesBackServedByTheTargetWithThePrimaryFencedAndFailsBackKeepingTheTargetsWrites()
            throws Exception {
        driver.enableReplication(request(GOLD));
        driver.pair("gold-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.failover(request(GOLD));
        driver.pair("gold-1").orElseThrow().write(Side.SECONDARY, 4096, filled((byte) 5));

        FileArrayReplication restarted = started();
        List<RestoredReplica> restored = restarted.restoreReplication(List.of(failedOver(GOLD)));

        assertThat(restored).containsExactly(new RestoredReplica("gold-1", 0, null));
        ReplicaPair gold = restarted.pair("gold-1").orElseThrow();
        assertThat(gold.active()).isEqualTo(Side.SECONDARY);
        assertThat(gold.fenced()).isEqualTo(Side.PRIMARY);
        assertThat(gold.read(gold.active(), 4096, 1)).as("the target serves").containsExactly(5);
        assertThat(gold.read(Side.PRIMARY, 4096, 1)).as("nothing flowed back").containsExactly(0);
        assertThatThrownBy(() -> gold.write(Side.PRIMARY, 0, filled((byte) 9)))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("fenced");
        assertThat(restarted.failover(request(GOLD)).volumes()).as("a redelivered failover changes nothing")
                .extracting(VolumeReplicationUpdate::status).containsExactly(ReplicationStatus.FAILED_OVER);

        gold.write(Side.SECONDARY, 8192, filled((byte) 6));
        assertThat(restarted.failback(request(GOLD)).volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
            assertThat(v.error()).isNull();
            assertThat(v.lostBytes()).isZero();
        });
        assertThat(gold.active()).isEqualTo(Side.PRIMARY);
        assertThat(gold.read(Side.PRIMARY, 4096, 1)).as("written on the target before the restart")
                .containsExactly(5);
        assertThat(gold.read(Side.PRIMARY, 8192, 1)).as("written on the target after it").containsExactly(6);
        assertThat(gold.checksum(Side.PRIMARY)).isEqualTo(gold.checksum(Side.SECONDARY));
    }

    @Test
    void aReprotectAfterARestartCopiesOnlyTheBlocksWrittenWhileFailedOver() throws Exception {
        driver.enableReplication(request(GOLD));
        ReplicaPair before = driver.pair("gold-1").orElseThrow();
        for (int block = 0; block < 8; block++) {
            before.write(Side.PRIMARY, (long) block * BLOCK, filled((byte) 1));
        }
        driver.failover(request(GOLD));
        before.write(Side.SECONDARY, 2L * BLOCK, filled((byte) 5));
        before.write(Side.SECONDARY, 6L * BLOCK + 100, filled((byte) 6));

        FileArrayReplication restarted = started();
        restarted.restoreReplication(List.of(failedOver(GOLD)));
        ReplicaPair gold = restarted.pair("gold-1").orElseThrow();
        gold.write(Side.SECONDARY, 2L * BLOCK + 4096, filled((byte) 7));

        assertThat(gold.reprotect()).as("the two blocks written on the target, before and after the restart")
                .isEqualTo(2L * BLOCK);
        assertThat(gold.fullCompares()).isZero();
        assertThat(gold.checksum(Side.PRIMARY)).isEqualTo(gold.checksum(Side.SECONDARY));
        assertThat(gold.read(Side.PRIMARY, 6L * BLOCK + 100, 1)).containsExactly(6);
    }

    @Test
    void aFailbackAfterARestartWithoutItsChangeLogComparesTheSidesAndKeepsTheTargetsWrites() throws Exception {
        driver.enableReplication(request(GOLD));
        driver.pair("gold-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.failover(request(GOLD));
        driver.pair("gold-1").orElseThrow().write(Side.SECONDARY, 3L * BLOCK, filled((byte) 5));
        Files.delete(dir.resolve("site-b/pool-a/changes-gold-1"));

        FileArrayReplication restarted = started();
        restarted.restoreReplication(List.of(failedOver(GOLD)));
        ReplicaPair gold = restarted.pair("gold-1").orElseThrow();
        assertThat(gold.changesUnknown()).isTrue();

        assertThat(restarted.failback(request(GOLD)).volumes()).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED);
        assertThat(gold.fullCompares()).isEqualTo(1);
        assertThat(gold.read(Side.PRIMARY, 3L * BLOCK, 1)).containsExactly(5);
        assertThat(gold.checksum(Side.PRIMARY)).isEqualTo(gold.checksum(Side.SECONDARY));
    }

    @Test
    void aFailedOverPairIsRestoredWhileItsPrimaryArrayIsStillDown() throws Exception {
        driver.enableReplication(request(SILVER));
        driver.pair("silver-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.failover(request(SILVER));

        FileArrayReplication restarted = started();
        restarted.site("fast").orElseThrow().setUp(false);

        assertThat(restarted.restoreReplication(List.of(failedOver(SILVER))))
                .containsExactly(new RestoredReplica("silver-1", 0, null));
        ReplicaPair silver = restarted.pair("silver-1").orElseThrow();
        silver.write(Side.SECONDARY, 4096, filled((byte) 3));
        assertThat(silver.read(Side.SECONDARY, 0, 1)).containsExactly(1);
    }

    @Test
    void aFailbackDiscardingAfterARestoreOverwritesWhatTheTargetChanged() throws Exception {
        driver.enableReplication(request(SILVER));
        driver.pair("silver-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.failover(request(SILVER));
        driver.pair("silver-1").orElseThrow().write(Side.SECONDARY, 0, filled((byte) 7));

        FileArrayReplication restarted = started();
        restarted.restoreReplication(List.of(failedOver(SILVER)));

        assertThat(restarted.failback(new ReplicationRequest(ReplicationScope.VOLUME, "silver-1", null,
                List.of(SILVER), false, false, FailbackChanges.DISCARD)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.lostBytes()).as("the one block the target changed").isEqualTo(BLOCK));
        ReplicaPair silver = restarted.pair("silver-1").orElseThrow();
        assertThat(silver.read(Side.SECONDARY, 0, 1)).containsExactly(1);
        assertThat(silver.checksum(Side.PRIMARY)).isEqualTo(silver.checksum(Side.SECONDARY));
    }

    @Test
    void aReprotectedPairComesBackReplicatingFromTheTargetToThePrimary() throws Exception {
        driver.enableReplication(request(GOLD));
        driver.failover(request(GOLD));
        driver.pair("gold-1").orElseThrow().write(Side.SECONDARY, 0, filled((byte) 4));
        driver.reprotect(request(GOLD));

        FileArrayReplication restarted = started();
        assertThat(restarted.restoreReplication(List.of(reprotected(GOLD))))
                .containsExactly(new RestoredReplica("gold-1", 0, null));

        ReplicaPair gold = restarted.pair("gold-1").orElseThrow();
        assertThat(gold.active()).isEqualTo(Side.SECONDARY);
        assertThat(gold.fenced()).isNull();
        gold.write(Side.SECONDARY, 8192, filled((byte) 8));
        assertThat(gold.read(Side.PRIMARY, 8192, 1)).as("mirrored to the old primary").containsExactly(8);
        assertThat(restarted.failback(new ReplicationRequest(ReplicationScope.VOLUME, "gold-1", null,
                List.of(GOLD), false, false, FailbackChanges.DISCARD)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.error()).as("a reprotected pair keeps its changes")
                        .contains("was reprotected"));
        assertThat(restarted.failback(request(GOLD)).volumes()).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED);
        assertThat(gold.read(Side.PRIMARY, 0, 1)).containsExactly(4);
    }

    @Test
    void anAsyncWriteNotShippedBeforeTheCrashIsCopiedOnRestoreAndAnUpToDatePairCopiesNothing()
            throws Exception {
        driver.enableReplication(request(SILVER, BRONZE, GOLD));
        driver.pair("silver-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.pair("bronze-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        driver.pair("gold-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));
        clock.advance(Duration.ofSeconds(5));
        driver.housekeeping();
        driver.pair("silver-1").orElseThrow().write(Side.PRIMARY, 1 << 20, filled((byte) 2));
        assertThat(driver.lag().get("silver-1").pendingBytes()).as("unshipped at the crash").isPositive();
        assertThat(driver.lag().get("bronze-1").pendingBytes()).isZero();
        Instant shipped = Instant.parse("2026-11-26T08:00:00Z");
        modified("bronze-1", shipped, shipped);
        modified("gold-1", shipped, shipped);
        modified("silver-1", shipped.plusSeconds(1), shipped);

        FileArrayReplication restarted = started();
        List<RestoredReplica> restored = restarted.restoreReplication(List.of(primaryServing(SILVER),
                primaryServing(BRONZE), primaryServing(GOLD)));

        assertThat(restored).containsExactly(
                new RestoredReplica("silver-1", 2L * BLOCK, null),
                new RestoredReplica("bronze-1", 0, null),
                new RestoredReplica("gold-1", 0, null));
        ReplicaPair silver = restarted.pair("silver-1").orElseThrow();
        assertThat(silver.read(Side.SECONDARY, 1 << 20, 1)).containsExactly(2);
        assertThat(silver.checksum(Side.SECONDARY)).isEqualTo(silver.checksum(Side.PRIMARY));
        ReplicaPair bronze = restarted.pair("bronze-1").orElseThrow();
        assertThat(bronze.checksum(Side.SECONDARY)).isEqualTo(bronze.checksum(Side.PRIMARY));
        assertThat(restarted.restoreReplication(List.of(primaryServing(SILVER))))
                .as("restoring again is a no-op").containsExactly(new RestoredReplica("silver-1", 0, null));
    }

    @Test
    void anAsyncPairWhoseTargetIsDownAtRestoreShipsWhatItLacksOnceTheTargetAnswers() throws Exception {
        driver.enableReplication(request(SILVER));
        driver.pair("silver-1").orElseThrow().write(Side.PRIMARY, 0, filled((byte) 1));

        FileArrayReplication restarted = started();
        restarted.site("site-b").orElseThrow().setUp(false);
        assertThat(restarted.restoreReplication(List.of(primaryServing(SILVER))))
                .containsExactly(new RestoredReplica("silver-1", 0, null));
        ReplicaPair silver = restarted.pair("silver-1").orElseThrow();
        assertThat(silver.changesUnknown()).isTrue();

        restarted.site("site-b").orElseThrow().setUp(true);
        clock.advance(Duration.ofSeconds(5));
        restarted.housekeeping();

        assertThat(silver.changesUnknown()).isFalse();
        assertThat(silver.checksum(Side.SECONDARY)).isEqualTo(silver.checksum(Side.PRIMARY));
    }

    @Test
    void aRestoredGroupKeepsItsVolumesAlike() {
        ReplicaState member = new ReplicaState(SILVER, "site-b", "group-1", false, false);
        restartedWith(member);

        List<VolumeReplicationUpdate> sync = driver.enableReplication(new ReplicationRequest(ReplicationScope.GROUP,
                "group-1", "site-b", List.of(GOLD)));

        assertThat(sync).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ERROR);
            assertThat(v.error()).contains("group group-1 replicates async to site-b");
        });
    }

    private void restartedWith(ReplicaState... states) {
        driver.enableReplication(request(Arrays.stream(states).map(ReplicaState::volume)
                .toArray(ReplicatedVolume[]::new)));
        driver = started();
        driver.restoreReplication(List.of(states));
    }
}
