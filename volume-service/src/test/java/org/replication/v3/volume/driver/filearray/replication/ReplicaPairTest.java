package org.replication.v3.volume.driver.filearray.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.LagLevel;
import org.replication.v3.volume.driver.ManualClock;
import org.replication.v3.volume.driver.ReplicationLag;

/**
 * Real bytes on real files: what each mode promises about the data a failover leaves on the target, checked by
 * checksums against a model of every acknowledged write.
 */
class ReplicaPairTest {

    private static final int BLOCK = 64 * 1024;
    private static final long SIZE = 4L * 1024 * 1024;

    @TempDir
    Path dir;
    private ArraySite primary;
    private ArraySite secondary;
    private ReplicationLink link;
    private final ManualClock clock = new ManualClock();
    private final Random random = new Random(42);
    /** What the volume must hold: every acknowledged write, in order. */
    private byte[] model;

    @BeforeEach
    void arrays() {
        primary = new ArraySite("array-a", dir.resolve("a"));
        secondary = new ArraySite("array-b", dir.resolve("b"));
        link = new ReplicationLink("a-b");
        model = new byte[(int) SIZE];
    }

    private SyncPair sync(SyncTopology topology, boolean mediated) throws Exception {
        SyncPair pair = new SyncPair("v1", "pool-a", SIZE, primary, secondary, link, BLOCK, clock, topology,
                mediated);
        pair.enable(false);
        return pair;
    }

    private AsyncPair async(Duration rpo) throws Exception {
        AsyncPair pair = new AsyncPair("v1", "pool-a", SIZE, primary, secondary, link, BLOCK, clock, rpo);
        pair.enable(false);
        return pair;
    }

    /** A write of random bytes at a random offset (spanning blocks), recorded in the model once acknowledged. */
    private void write(ReplicaPair pair, Side side) throws Exception {
        byte[] data = new byte[1 + random.nextInt(3 * BLOCK)];
        random.nextBytes(data);
        long offset = random.nextInt((int) SIZE - data.length);
        pair.write(side, offset, data);
        System.arraycopy(data, 0, model, (int) offset, data.length);
    }

    private void writes(ReplicaPair pair, Side side, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            write(pair, side);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void syncActivePassiveLosesNoAcknowledgedWriteWhenThePrimaryIsLost() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);
        writes(pair, Side.PRIMARY, 50);

        primary.setUp(false);
        assertThatThrownBy(() -> pair.failover(false)).as("nobody has fenced the unreachable primary")
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("repeat with force");
        FailoverOutcome outcome = pair.failover(true);

        assertThat(outcome.planned()).isFalse();
        assertThat(outcome.lostBytes()).isZero();
        assertThat(outcome.active()).isEqualTo(Side.SECONDARY);
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
        assertThat(pair.read(Side.SECONDARY, 0, 4096)).isEqualTo(java.util.Arrays.copyOf(model, 4096));
    }

    @Test
    void syncActivePassiveRefusesWritesOnThePassiveSide() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);

        assertThatThrownBy(() -> pair.write(Side.SECONDARY, 0, new byte[] {1}))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("passive");
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void syncActiveActiveTakesWritesOnBothSidesAndMirrorsEach() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_ACTIVE, false);
        for (int i = 0; i < 40; i++) {
            write(pair, i % 2 == 0 ? Side.PRIMARY : Side.SECONDARY);
        }

        assertThat(pair.checksum(Side.PRIMARY)).isEqualTo(sha256(model));
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void withoutAMediatorACutLinkRefusesWritesRatherThanAcknowledgeOneCopy() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);
        writes(pair, Side.PRIMARY, 10);
        link.setUp(false);

        assertThatThrownBy(() -> pair.write(Side.PRIMARY, 0, new byte[] {7, 7, 7}))
                .isInstanceOf(WriteRefusedException.class).hasMessageContaining("not acknowledged");
        primary.setUp(false);
        link.setUp(true);
        pair.failover(true);

        assertThat(pair.checksum(Side.SECONDARY)).as("only acknowledged writes").isEqualTo(sha256(model));
    }

    @Test
    void theMediatorReportsALostPrimaryOnceAndItsWitnessAllowsTheFailover() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, true);
        Mediator mediator = new Mediator();
        mediator.watch(pair);
        writes(pair, Side.PRIMARY, 30);

        primary.setUp(false);
        assertThat(mediator.check()).containsExactly(new Mediator.Decision("v1", Mediator.Kind.PRIMARY_LOST,
                "array array-a lost"));
        assertThat(mediator.check()).as("one report per incident").isEmpty();
        FailoverOutcome outcome = pair.failover(false);

        assertThat(outcome.lostBytes()).isZero();
        assertThat(pair.active()).isEqualTo(Side.SECONDARY);
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
        writes(pair, Side.SECONDARY, 5);
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
        primary.setUp(true);
        assertThatThrownBy(() -> pair.write(Side.PRIMARY, 0, new byte[] {1}))
                .as("the old primary is fenced: no split brain").hasMessageContaining("fenced");
        assertThat(mediator.check()).isEmpty();
    }

    @Test
    void aPrimaryThatComesBackBeforeAnyFailoverIsReportedRecovered() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, true);
        Mediator mediator = new Mediator();
        mediator.watch(pair);

        primary.setUp(false);
        assertThat(mediator.check()).extracting(Mediator.Decision::kind).containsExactly(Mediator.Kind.PRIMARY_LOST);
        primary.setUp(true);

        assertThat(mediator.check()).extracting(Mediator.Decision::kind)
                .containsExactly(Mediator.Kind.PRIMARY_RECOVERED);
        assertThat(pair.active()).isEqualTo(Side.PRIMARY);
    }

    @Test
    void theMediatorKeepsThePrimaryWritingWhenOnlyTheLinkIsCutAndAReprotectResyncs() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, true);
        Mediator mediator = new Mediator();
        mediator.watch(pair);
        writes(pair, Side.PRIMARY, 10);
        link.setUp(false);

        assertThat(mediator.check()).containsExactly(new Mediator.Decision("v1", Mediator.Kind.TARGET_FENCED,
                "link a-b cut"));
        assertThat(pair.fenced()).isEqualTo(Side.SECONDARY);
        writes(pair, Side.PRIMARY, 10);
        clock.advance(Duration.ofSeconds(30));
        ReplicationLag lag = pair.lag();
        assertThat(lag.pendingBytes()).isPositive();
        assertThat(lag.lagSeconds()).isEqualTo(30.0);
        assertThat(lag.level()).isEqualTo(LagLevel.CRITICAL);
        assertThat(lag.peerLostSince()).isEqualTo(lag.lastConsistentAt()).isNotNull();
        assertThat(lag.ratio()).as("a sync pair has no RPO").isNull();

        link.setUp(true);
        pair.reprotect();

        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
        assertThat(pair.lag().level()).isEqualTo(LagLevel.OK);
    }

    @Test
    void asyncLosesOnlyWhatWasNotShippedWhenThePrimaryIsLost() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(60));
        writes(pair, Side.PRIMARY, 30);
        clock.advance(Duration.ofSeconds(10));
        pair.ship();
        Instant shippedAt = clock.instant();
        byte[] asShipped = model.clone();
        writes(pair, Side.PRIMARY, 5);

        primary.setUp(false);
        FailoverOutcome outcome = pair.failover(false);

        assertThat(outcome.planned()).isFalse();
        assertThat(outcome.lostBytes()).isPositive().isLessThanOrEqualTo(5L * 4 * BLOCK);
        assertThat(outcome.dataAsOf()).isEqualTo(shippedAt);
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(asShipped));
    }

    @Test
    void aPlannedAsyncFailoverShipsEverythingFirst() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(60));
        writes(pair, Side.PRIMARY, 20);

        FailoverOutcome outcome = pair.failover(false);

        assertThat(outcome.planned()).isTrue();
        assertThat(outcome.lostBytes()).isZero();
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void asyncLagIsMeasuredAgainstTheRpo() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(10));
        assertThat(pair.lag().lagSeconds()).as("nothing written, nothing behind").isZero();

        write(pair, Side.PRIMARY);
        Instant written = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        assertThat(pair.lag().level()).as("at the RPO, not above it").isEqualTo(LagLevel.OK);
        clock.advance(Duration.ofSeconds(5));
        assertThat(pair.lag().level()).isEqualTo(LagLevel.BREACH);
        assertThat(pair.lag().ratio()).isEqualTo(1.5);
        assertThat(pair.lag().lastConsistentAt()).as("the replica holds every write before the first it lacks")
                .isEqualTo(written);
        assertThat(pair.lag().pending()).isTrue();
        clock.advance(Duration.ofSeconds(6));
        assertThat(pair.lag().level()).isEqualTo(LagLevel.WARNING);
        clock.advance(Duration.ofSeconds(10));
        assertThat(pair.lag().level()).isEqualTo(LagLevel.CRITICAL);
        assertThat(pair.lag().pendingBytes()).isPositive();

        pair.ship();
        ReplicationLag lag = pair.lag();
        assertThat(lag.lagSeconds()).isZero();
        assertThat(lag.level()).isEqualTo(LagLevel.OK);
        assertThat(lag.lastSyncAt()).isEqualTo(clock.instant());
        assertThat(lag.lastSyncBytes()).isPositive();
        assertThat(lag.pendingBytes()).isZero();
    }

    @Test
    void underSteadyWritesShippingAtHalfTheRpoKeepsTheLagWithinIt() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(10));
        double worst = 0;
        for (int second = 1; second <= 120; second++) {
            clock.advance(Duration.ofSeconds(1));
            write(pair, Side.PRIMARY);
            if (second % 5 == 0) {
                pair.ship();
            }
            worst = Math.max(worst, pair.lag().lagSeconds());
        }
        assertThat(worst).isLessThanOrEqualTo(10.0);
        pair.ship();
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void aSlowLinkDelaysTheReplicaNotTheWriters() throws Exception {
        AsyncPair pair = new AsyncPair("v1", "pool-a", SIZE, primary, secondary, link, BLOCK,
                InstantSource.system(), Duration.ofSeconds(10));
        pair.enable(false);
        writes(pair, Side.PRIMARY, 10);
        link.setDelay(Duration.ofMillis(500));

        CompletableFuture<Long> shipping = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.ship();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(pair::shipInFlight);
        long start = System.nanoTime();
        write(pair, Side.PRIMARY);
        long writeMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(shipping.get()).isPositive();
        assertThat(writeMillis).as("a write during a slow ship").isLessThan(400);
        assertThat(pair.lag().lastSyncDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(pair.lag().pendingBytes()).as("the write made during the ship waits for the next one")
                .isPositive();
    }

    @Test
    void aCutLinkKeepsTheBlocksForTheNextShip() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(10));
        writes(pair, Side.PRIMARY, 10);
        link.setUp(false);

        assertThatThrownBy(pair::ship).isInstanceOf(LinkDownException.class);
        assertThat(pair.lag().pendingBytes()).isPositive();

        link.setUp(true);
        pair.ship();
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void failbackAfterAnUnplannedFailoverReprotectsThenSwitchesBackWithoutLoss() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(60));
        writes(pair, Side.PRIMARY, 10);
        pair.ship();
        byte[] asShipped = model.clone();
        writes(pair, Side.PRIMARY, 3);
        primary.setUp(false);
        pair.failover(false);
        model = asShipped;
        writes(pair, Side.SECONDARY, 10);

        primary.setUp(true);
        pair.reprotect();
        FailoverOutcome back = pair.failback(FailbackChanges.KEEP);

        assertThat(back.planned()).isTrue();
        assertThat(back.active()).isEqualTo(Side.PRIMARY);
        assertThat(pair.checksum(Side.PRIMARY)).as("the old primary's unshipped writes are discarded")
                .isEqualTo(sha256(model));
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void aPlannedFailoverPassesNothingBackUntilTheOperatorReprotects() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);
        writes(pair, Side.PRIMARY, 10);
        String beforeFailover = sha256(model);

        FailoverOutcome outcome = pair.failover(false);
        writes(pair, Side.SECONDARY, 10);

        assertThat(outcome.fencedBy()).isEqualTo(FencedBy.PLANNED);
        assertThat(pair.checksum(Side.PRIMARY)).as("no automatic resync towards the old primary")
                .isEqualTo(beforeFailover);
        assertThatThrownBy(() -> pair.write(Side.PRIMARY, 0, new byte[] {1})).hasMessageContaining("fenced");

        assertThat(pair.reprotect()).isPositive();
        assertThat(pair.checksum(Side.PRIMARY)).isEqualTo(sha256(model));
        writes(pair, Side.SECONDARY, 5);
        assertThat(pair.checksum(Side.PRIMARY)).as("sync again, from the target").isEqualTo(sha256(model));
        assertThat(pair.active()).isEqualTo(Side.SECONDARY);
        assertThat(pair.lag().level()).isEqualTo(LagLevel.OK);
    }

    @Test
    void aFailbackAfterAReprotectSwapsTheRolesBack() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(60));
        writes(pair, Side.PRIMARY, 10);
        pair.failover(false);
        pair.reprotect();
        writes(pair, Side.SECONDARY, 10);

        FailoverOutcome back = pair.failback(FailbackChanges.KEEP);
        writes(pair, Side.PRIMARY, 5);
        pair.ship();

        assertThat(back.active()).isEqualTo(Side.PRIMARY);
        assertThat(back.lostBytes()).isZero();
        assertThat(pair.checksum(Side.PRIMARY)).isEqualTo(sha256(model));
        assertThat(pair.checksum(Side.SECONDARY)).as("the primary replicates to the target again")
                .isEqualTo(sha256(model));
    }

    @Test
    void aFailbackKeepingChangesCopiesTheTargetsWritesToThePrimaryFirst() throws Exception {
        AsyncPair pair = async(Duration.ofSeconds(60));
        writes(pair, Side.PRIMARY, 10);
        pair.failover(false);
        writes(pair, Side.SECONDARY, 10);

        FailoverOutcome back = pair.failback(FailbackChanges.KEEP);

        assertThat(back.lostBytes()).isZero();
        assertThat(pair.checksum(Side.PRIMARY)).isEqualTo(sha256(model));
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(model));
    }

    @Test
    void aFailbackDiscardingChangesRestoresThePrimarysDataOnBothSides() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);
        writes(pair, Side.PRIMARY, 10);
        byte[] primaryData = model.clone();
        pair.failover(false);
        writes(pair, Side.SECONDARY, 10);

        FailoverOutcome back = pair.failback(FailbackChanges.DISCARD);
        model = primaryData;

        assertThat(back.active()).isEqualTo(Side.PRIMARY);
        assertThat(back.lostBytes()).as("the target's changed blocks that were dropped").isPositive();
        assertThat(pair.checksum(Side.PRIMARY)).isEqualTo(sha256(primaryData));
        assertThat(pair.checksum(Side.SECONDARY)).isEqualTo(sha256(primaryData));
        writes(pair, Side.PRIMARY, 5);
        assertThat(pair.checksum(Side.SECONDARY)).as("replicating from the primary again").isEqualTo(sha256(model));
    }

    @Test
    void changesAlreadyReprotectedCannotBeDiscardedAndAFailbackIsNeverForced() throws Exception {
        SyncPair pair = sync(SyncTopology.ACTIVE_PASSIVE, false);
        pair.failover(false);
        pair.reprotect();

        assertThatThrownBy(() -> pair.failback(FailbackChanges.DISCARD)).hasMessageContaining("was reprotected");
        primary.setUp(false);
        assertThatThrownBy(() -> pair.failback(FailbackChanges.KEEP)).hasMessageContaining("never forced");
        assertThat(pair.active()).isEqualTo(Side.SECONDARY);
    }

    @Test
    void eachUnplannedFailoverSaysWhoFencedTheOldSide() throws Exception {
        SyncPair forced = sync(SyncTopology.ACTIVE_PASSIVE, false);
        AsyncPair shipped = new AsyncPair("v2", "pool-a", SIZE, primary, secondary, link, BLOCK, clock,
                Duration.ofSeconds(60));
        shipped.enable(false);
        SyncPair witnessed = new SyncPair("v3", "pool-a", SIZE, primary, secondary, link, BLOCK, clock,
                SyncTopology.ACTIVE_PASSIVE, true);
        witnessed.enable(false);
        primary.setUp(false);

        assertThat(forced.failover(true).fencedBy()).isEqualTo(FencedBy.OPERATOR);
        assertThat(shipped.failover(false).fencedBy()).isEqualTo(FencedBy.DRIVER);
        assertThat(witnessed.failover(false).fencedBy()).isEqualTo(FencedBy.MEDIATOR);
    }
}
