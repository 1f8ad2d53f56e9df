package org.replication.v3.volume.driver.filearray;

import org.replication.v3.common.replication.MediatorDecided;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.FailoverResult;
import org.replication.v3.volume.driver.ManualClock;
import org.replication.v3.volume.driver.MediatorDecision;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;
import org.replication.v3.volume.driver.filearray.replication.Side;

/** The filearray driver's replication through the driver interface: what volume-service and its workflows see. */
class FileArrayReplicationTest {

    private static final ReplicatedVolume GOLD = FastToSiteB.GOLD;
    private static final ReplicatedVolume SILVER = FastToSiteB.SILVER;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock();
    private FileArrayReplication driver;

    @BeforeEach
    void driver() {
        driver = FastToSiteB.driver(dir, clock, Duration.ZERO);
    }

    private static ReplicationRequest request(ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes));
    }

    private static ReplicationRequest forced(ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), "site-b", List.of(volumes), false,
                true);
    }

    private static ReplicationRequest failback(FailbackChanges changes, ReplicatedVolume... volumes) {
        return new ReplicationRequest(ReplicationScope.VOLUME, volumes[0].id(), null, List.of(volumes), false,
                false, changes);
    }

    private void write(String volume, long offset, byte value) throws Exception {
        byte[] data = new byte[4096];
        Arrays.fill(data, value);
        driver.pair(volume).orElseThrow().write(Side.PRIMARY, offset, data);
    }

    @Test
    void enablingIsIdempotentAndReportsEachVolume() {
        assertThat(driver.enableReplication(request(GOLD, SILVER))).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED, ReplicationStatus.ENABLED);
        assertThat(driver.enableReplication(request(GOLD))).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.ENABLED);
        assertThat(driver.lag()).containsOnlyKeys("gold-1", "silver-1");
    }

    @Test
    void itReportsWhetherItsOwnArrayAndEachTargetAnswer() {
        assertThat(driver.arrayReachable()).isTrue();
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(true);

        driver.site("fast").orElseThrow().setUp(false);
        assertThat(driver.arrayReachable()).as("the primary lost").isFalse();
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(true);

        driver.site("site-b").orElseThrow().setUp(false);
        assertThat(driver.targets()).extracting(ReplicationTarget::reachable).containsExactly(false);
    }

    @Test
    void anInjectedSwitchDelayHoldsEachFailoverCallAndAFailedOverVolumeIsFailedOverAgainWithoutChange() {
        FileArrayReplication delayed = FastToSiteB.driver(dir, clock, Duration.ofMillis(200));
        delayed.enableReplication(request(GOLD));

        long started = System.nanoTime();
        assertThat(delayed.failover(request(GOLD)).volumes()).extracting(VolumeReplicationUpdate::status)
                .containsExactly(ReplicationStatus.FAILED_OVER);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        assertThat(delayed.failover(request(GOLD)).volumes()).as("a redone command").singleElement()
                .satisfies(gold -> {
                    assertThat(gold.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(gold.error()).isNull();
                });
        assertThat(delayed.pair("gold-1").orElseThrow().active()).isEqualTo(Side.SECONDARY);
    }

    @Test
    void anUnplannedFailoverReportsWhatEachVolumeLost() throws Exception {
        driver.enableReplication(request(GOLD, SILVER));
        write("gold-1", 0, (byte) 1);
        write("silver-1", 0, (byte) 1);
        clock.advance(Duration.ofSeconds(5));
        driver.housekeeping();
        write("silver-1", 1 << 20, (byte) 2);
        assertThat(driver.lag().get("silver-1").pendingBytes()).isPositive();

        driver.site("fast").orElseThrow().setUp(false);
        assertThat(driver.failover(request(GOLD)).volumes()).singleElement().satisfies(gold -> {
            assertThat(gold.status()).isEqualTo(ReplicationStatus.FAILOVER_ERROR);
            assertThat(gold.error()).contains("repeat with force");
        });
        FailoverResult result = driver.failover(forced(GOLD, SILVER));

        assertThat(result.activeBackendId()).isEqualTo("site-b");
        assertThat(result.volumes()).satisfiesExactly(
                gold -> {
                    assertThat(gold.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(gold.lostBytes()).isZero();
                },
                silver -> {
                    assertThat(silver.status()).isEqualTo(ReplicationStatus.FAILED_OVER);
                    assertThat(silver.lostBytes()).isEqualTo(64 * 1024);
                });
        assertThat(driver.pair("silver-1").orElseThrow().read(Side.SECONDARY, 1 << 20, 1)).containsExactly(0);
        assertThat(driver.pair("silver-1").orElseThrow().read(Side.SECONDARY, 0, 1)).containsExactly(1);
        assertThat(driver.exportReplica("gold-1").providerLocation()).isEqualTo("site-b:pool-a/volume-gold-1");
    }

    @Test
    void failbackResyncsThePrimaryAndSwitchesBack() throws Exception {
        driver.enableReplication(request(SILVER));
        write("silver-1", 0, (byte) 1);
        driver.site("fast").orElseThrow().setUp(false);
        driver.failover(request(SILVER));
        driver.pair("silver-1").orElseThrow().write(Side.SECONDARY, 8192, new byte[] {9});

        driver.site("fast").orElseThrow().setUp(true);
        FailoverResult back = driver.failback(request(SILVER));

        assertThat(back.activeBackendId()).isNull();
        assertThat(back.volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
            assertThat(v.lostBytes()).isZero();
        });
        var pair = driver.pair("silver-1").orElseThrow();
        assertThat(pair.read(Side.PRIMARY, 0, 16384)).isEqualTo(pair.read(Side.SECONDARY, 0, 16384));
        assertThat(pair.read(Side.PRIMARY, 8192, 1)).as("the target's write made while failed over").containsExactly(9);
        assertThat(pair.read(Side.PRIMARY, 0, 1)).as("never shipped before the unplanned failover: discarded")
                .containsExactly(0);
    }

    @Test
    void theMediatorsDecisionsComeBackFromHousekeeping() {
        ReplicatedVolume mediated = new ReplicatedVolume("plat-1", 1, "pool-a", ReplicationMode.SYNC,
                SyncTopology.ACTIVE_PASSIVE, true, null);
        driver.enableReplication(request(mediated));

        driver.site("fast").orElseThrow().setUp(false);

        assertThat(driver.housekeeping()).containsExactly(
                new MediatorDecision("plat-1", MediatorDecided.Kind.PRIMARY_LOST, "array fast lost"));
        assertThat(driver.failover(request(mediated)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(ReplicationStatus.FAILED_OVER));
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> driver.failover(new ReplicationRequest(ReplicationScope.VOLUME, "x", "site-z",
                List.of(GOLD)))).isInstanceOf(VolumeDriverException.class).hasMessageContaining("no replication"
                + " target 'site-z'");
        driver.enableReplication(request(GOLD));
        assertThatThrownBy(() -> driver.exportReplica("gold-1")).hasMessageContaining("is not failed over");
        assertThat(driver.failover(request(SILVER)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.error()).contains("is not replicated"));
    }

    @Test
    void failbackKeepsOrDiscardsWhatTheTargetWroteAsAsked() throws Exception {
        ReplicatedVolume bronze = new ReplicatedVolume("bronze-1", 1, "pool-a", ReplicationMode.ASYNC, null, false,
                10);
        driver.enableReplication(request(SILVER, bronze));
        write("silver-1", 0, (byte) 1);
        write("bronze-1", 0, (byte) 1);
        assertThat(driver.failover(request(SILVER, bronze)).volumes()).extracting(VolumeReplicationUpdate::fencedBy)
                .containsExactly(FencedBy.PLANNED, FencedBy.PLANNED);
        var silver = driver.pair("silver-1").orElseThrow();
        var bronzePair = driver.pair("bronze-1").orElseThrow();
        silver.write(Side.SECONDARY, 0, new byte[] {7});
        bronzePair.write(Side.SECONDARY, 0, new byte[] {7});

        FailoverResult kept = driver.failback(failback(FailbackChanges.KEEP, SILVER));
        FailoverResult discarded = driver.failback(failback(FailbackChanges.DISCARD, bronze));

        assertThat(kept.volumes()).singleElement().satisfies(v -> assertThat(v.lostBytes()).isZero());
        assertThat(silver.read(Side.PRIMARY, 0, 1)).containsExactly(7);
        assertThat(discarded.volumes()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED);
            assertThat(v.lostBytes()).isEqualTo(64 * 1024);
        });
        assertThat(bronzePair.read(Side.PRIMARY, 0, 1)).containsExactly(1);
        assertThat(bronzePair.read(Side.SECONDARY, 0, 1)).as("the target's change is gone").containsExactly(1);
    }

    @Test
    void reprotectReversesTheReplicationOfFailedOverVolumesOnly() throws Exception {
        driver.enableReplication(request(GOLD, SILVER));
        write("gold-1", 0, (byte) 1);
        driver.failover(request(GOLD));
        var gold = driver.pair("gold-1").orElseThrow();
        gold.write(Side.SECONDARY, 4096, new byte[] {5});

        FailoverResult result = driver.reprotect(request(GOLD, SILVER));

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
        assertThat(gold.read(Side.PRIMARY, 4096, 1)).containsExactly(5);
        gold.write(Side.SECONDARY, 8192, new byte[] {6});
        assertThat(gold.read(Side.PRIMARY, 8192, 1)).as("replicated to the old primary").containsExactly(6);

        assertThat(driver.failback(request(GOLD)).volumes()).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(ReplicationStatus.ENABLED));
        assertThat(gold.active()).isEqualTo(Side.PRIMARY);
    }
}
