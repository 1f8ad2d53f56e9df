package org.replication.v3.mediator.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mediator's rules (docs/sites.md section 4), without I/O: the verdict table, the actions, time and memory. */
class MediatorVerdictsTest {

    private static final ArrayPair PAIR = new ArrayPair("site-b", "site-c");
    private static final Duration LOSS_AFTER = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    private static final Reach OK_REACHES = Reach.answered(true);
    private static final Reach OK_ALONE = Reach.answered(false);
    private static final Reach DOWN = Reach.UNREACHABLE;

    @ParameterizedTest(name = "mediator→b {0}, mediator→c {1}, b reaches c {2}, c reaches b {3}: {4} {5}")
    @CsvSource(nullValues = "-", value = {
        "ok, ok, yes, yes, healthy,           -",
        "ok, ok, no,  no,  link_lost,         -",
        "ok, ok, yes, no,  link_lost,         -",
        "ok, ok, no,  yes, link_lost,         -",
        "ok, no, no,  -,   site_lost,         site-c",
        "ok, no, yes, -,   mediator_degraded, site-c",
        "no, ok, -,   no,  site_lost,         site-b",
        "no, ok, -,   yes, mediator_degraded, site-b",
        "no, no, -,   -,   mediator_isolated, -",
    })
    void theVerdictTable(String toB, String toC, String bReachesC, String cReachesB, String verdict, String side) {
        Reach b = "ok".equals(toB) ? Reach.answered("yes".equals(bReachesC)) : DOWN;
        Reach c = "ok".equals(toC) ? Reach.answered("yes".equals(cReachesB)) : DOWN;

        Observed observed = MediatorVerdicts.classify(PAIR, b, c);

        assertThat(observed.verdict().wire()).isEqualTo(verdict);
        assertThat(observed.side()).isEqualTo(side);
    }

    @Test
    void aVerdictIsActedOnOnlyOnceItHeldForLossAfterAndOnlyOnceWhileItHolds() {
        PairTracker tracker = tracker();
        assertThat(tracker.step(OK_REACHES, OK_REACHES, T0).kind()).isEqualTo(PairTracker.Kind.NONE);

        PairTracker.Step first = tracker.step(OK_ALONE, DOWN, T0.plusSeconds(1));
        assertThat(first.changed()).isTrue();
        assertThat(first.kind()).isEqualTo(PairTracker.Kind.NONE);
        assertThat(tracker.step(OK_ALONE, DOWN, T0.plusMillis(2500)).kind()).isEqualTo(PairTracker.Kind.NONE);
        PairTracker.Step held = tracker.step(OK_ALONE, DOWN, T0.plusSeconds(3));
        assertThat(held.kind()).isEqualTo(PairTracker.Kind.DECIDE);
        assertThat(held.changed()).isFalse();
        assertThat(held.observed()).isEqualTo(new Observed(Verdict.SITE_LOST, "site-c"));
        assertThat(held.detectedAt()).isEqualTo(T0.plusSeconds(1));

        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", T0.plusSeconds(1), List.of()));
        assertThat(tracker.step(OK_ALONE, DOWN, T0.plusSeconds(4)).kind()).isEqualTo(PairTracker.Kind.NONE);
    }

    @Test
    void aFlickerShorterThanLossAfterIsNeverActedOn() {
        PairTracker tracker = tracker();
        tracker.step(OK_ALONE, DOWN, T0);
        tracker.step(OK_ALONE, DOWN, T0.plusMillis(1500));
        assertThat(tracker.step(OK_REACHES, OK_REACHES, T0.plusMillis(1900)).kind()).isEqualTo(PairTracker.Kind.NONE);
        assertThat(tracker.step(OK_ALONE, DOWN, T0.plusMillis(2100)).kind()).isEqualTo(PairTracker.Kind.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name,                         topology, role on survivor, fenced, peer_lost, mediated, peer,   action
        "active/active,                  aa, secondary, false, false, true,  site-c, promoted",
        "active/active primary,          aa, primary,   false, false, true,  site-c, promoted",
        "active/passive survivor primary, ap, primary,  false, false, true,  site-c, promoted",
        "active/passive survivor secondary, ap, secondary, false, false, true, site-c, waiting_grace",
        "already alone,                  aa, primary,   false, true,  true,  site-c, kept_serving",
        "fenced survivor,                aa, primary,   true,  false, true,  site-c, none",
        "not mediated,                   aa, primary,   false, false, false, site-c, none",
        "paired with another array,      aa, primary,   false, false, true,  site-d, none",
    })
    void siteLostActsOnEachMediatedVolumeOfTheSurvivor(String name, String topology, String role, boolean fenced,
            boolean peerLost, boolean mediated, String peer, String action) {
        boolean primary = role.equals("primary");
        PairVolume volume = new PairVolume("v1", peer, primary, primary || topology.equals("aa"), 4,
                fenced ? 5L : null, topology.equals("aa"), mediated, peerLost);

        List<VolumeAction> actions = MediatorVerdicts.planSiteLost("site-b", "site-c", List.of(volume));

        if (action.equals("none")) {
            assertThat(actions).isEmpty();
        } else {
            assertThat(actions).singleElement().satisfies(a -> {
                assertThat(a.action().name().toLowerCase()).isEqualTo(action);
                assertThat(a.side()).isEqualTo("site-b");
                assertThat(a.generation()).isEqualTo(4L);
            });
        }
    }

    @Test
    void activePassiveTargetsArePromotedOnceTheGraceIsOverIfThePrimaryIsStillLost() {
        PairTracker tracker = tracker();
        Instant detected = lose(tracker, OK_ALONE, DOWN);
        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("ap", Action.WAITING_GRACE, "site-b", 3L),
                        VolumeAction.of("aa", Action.PROMOTED, "site-b", 3L))));
        assertThat(tracker.waiting().deadline()).isEqualTo(detected.plus(GRACE));

        assertThat(tracker.step(OK_ALONE, DOWN, detected.plus(GRACE).minusMillis(1)).kind())
                .isEqualTo(PairTracker.Kind.NONE);
        assertThat(tracker.step(OK_ALONE, DOWN, detected.plus(GRACE)).kind()).isEqualTo(PairTracker.Kind.GRACE_OVER);

        List<VolumeAction> promoted = MediatorVerdicts.planGraceOver("site-b", "site-c", List.of("ap"), List.of(
                volume("ap", "site-c", false, 3, false), volume("other", "site-c", false, 3, false)));
        assertThat(promoted).containsExactly(VolumeAction.of("ap", Action.PROMOTED, "site-b", 3L));

        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected, promoted));
        assertThat(tracker.waiting()).isNull();
        assertThat(tracker.step(OK_ALONE, DOWN, detected.plus(GRACE).plusSeconds(1)).kind())
                .isEqualTo(PairTracker.Kind.NONE);
    }

    @Test
    void aPrimaryBackWithinTheGraceCancelsIt() {
        PairTracker tracker = tracker();
        Instant detected = lose(tracker, OK_ALONE, DOWN);
        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("ap", Action.WAITING_GRACE, "site-b", 3L))));

        Instant back = detected.plusSeconds(10);
        assertThat(tracker.step(OK_REACHES, OK_REACHES, back).kind()).isEqualTo(PairTracker.Kind.NONE);
        assertThat(tracker.step(OK_REACHES, OK_REACHES, back.plus(LOSS_AFTER)).kind())
                .isEqualTo(PairTracker.Kind.RECOVERED);
        tracker.apply(decision(Verdict.RECOVERED, "site-b", "site-c", detected,
                List.of(VolumeAction.of("ap", Action.KEPT_SERVING, "site-c", null))));

        assertThat(tracker.waiting()).isNull();
        assertThat(tracker.declaredLost()).isEmpty();
        assertThat(tracker.step(OK_REACHES, OK_REACHES, detected.plus(GRACE).plusSeconds(1)).kind())
                .isEqualTo(PairTracker.Kind.NONE);
    }

    @Test
    void theGraceRunsFromTheFirstDetectionAcrossAMediatorPathLossInBetween() {
        PairTracker tracker = tracker();
        Instant detected = lose(tracker, OK_ALONE, DOWN);
        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("ap", Action.WAITING_GRACE, "site-b", 3L))));
        // site-b reaches site-c again while the mediator still does not: no action, the grace is not restarted.
        tracker.step(OK_REACHES, DOWN, detected.plusSeconds(5));
        assertThat(tracker.step(OK_REACHES, DOWN, detected.plusSeconds(8)).kind()).isEqualTo(PairTracker.Kind.DECIDE);
        tracker.apply(decision(Verdict.MEDIATOR_DEGRADED, null, "site-c", detected.plusSeconds(5), List.of()));
        assertThat(tracker.step(OK_REACHES, DOWN, detected.plus(GRACE).plusSeconds(1)).kind())
                .isEqualTo(PairTracker.Kind.NONE);

        tracker.step(OK_ALONE, DOWN, detected.plus(GRACE).plusSeconds(2));
        assertThat(tracker.step(OK_ALONE, DOWN, detected.plus(GRACE).plusSeconds(4)).kind())
                .isEqualTo(PairTracker.Kind.GRACE_OVER);
    }

    @Test
    void linkLostFencesTheLoserFirstThenPromotesThePrimaryPerVolume() {
        List<PairVolume> onB = List.of(
                volume("aa-b", "site-c", true, 3, true),
                volume("ap-c", "site-c", false, 6, false),
                new PairVolume("unmediated", "site-c", true, true, 1, null, true, false, false));
        List<PairVolume> onC = List.of(
                volume("aa-b", "site-b", false, 3, true),
                volume("ap-c", "site-b", true, 6, false),
                new PairVolume("unmediated", "site-b", false, true, 1, null, true, false, false));

        List<VolumeAction> actions = MediatorVerdicts.planLinkLost(PAIR, onB, onC, Set.of());

        assertThat(actions).containsExactly(
                VolumeAction.of("aa-b", Action.FENCED, "site-c", 4L),
                VolumeAction.of("ap-c", Action.FENCED, "site-b", 7L),
                VolumeAction.of("aa-b", Action.PROMOTED, "site-b", 3L),
                VolumeAction.of("ap-c", Action.PROMOTED, "site-c", 6L));
        assertThat(MediatorVerdicts.soleSide(actions, Action.PROMOTED)).isNull();
        assertThat(MediatorVerdicts.soleSide(actions.subList(0, 1), Action.FENCED)).isEqualTo("site-c");
    }

    @Test
    void linkLostNeverPromotesADeclaredLostSideAndDoesNotFenceTwice() {
        List<PairVolume> onB = List.of(volume("v", "site-c", true, 3, true));
        List<PairVolume> onC = List.of(volume("v", "site-b", false, 3, true));
        assertThat(MediatorVerdicts.planLinkLost(PAIR, onB, onC, Set.of("site-b"))).isEmpty();

        PairVolume alone = new PairVolume("v", "site-c", true, true, 5, null, true, true, true);
        PairVolume fenced = new PairVolume("v", "site-b", false, false, 3, 5L, true, true, false);
        assertThat(MediatorVerdicts.planLinkLost(PAIR, List.of(alone), List.of(fenced), Set.of("site-c")))
                .containsExactly(VolumeAction.of("v", Action.KEPT_SERVING, "site-b", 5L));
    }

    @Test
    void linkLostIsDecidedOnceWhileItHolds() {
        PairTracker tracker = tracker();
        tracker.step(OK_ALONE, OK_ALONE, T0);
        assertThat(tracker.step(OK_ALONE, OK_ALONE, T0.plus(LOSS_AFTER)).kind()).isEqualTo(PairTracker.Kind.DECIDE);
        tracker.apply(decision(Verdict.LINK_LOST, "site-b", "site-c", T0,
                List.of(VolumeAction.of("v", Action.FENCED, "site-c", 4L),
                        VolumeAction.of("v", Action.PROMOTED, "site-b", 3L))));
        assertThat(tracker.step(OK_ALONE, OK_ALONE, T0.plusSeconds(5)).kind()).isEqualTo(PairTracker.Kind.NONE);
        assertThat(tracker.declaredLost()).containsExactly("site-c");
    }

    @ParameterizedTest(name = "mediator→b {0}, mediator→c {1}")
    @CsvSource({"ok, no", "no, ok"})
    void theMediatorsOwnPathLossIsRecordedOnceAndActsOnNoVolume(String toB, String toC) {
        PairTracker tracker = tracker();
        Reach b = toB.equals("ok") ? OK_REACHES : DOWN;
        Reach c = toC.equals("ok") ? OK_REACHES : DOWN;
        tracker.step(b, c, T0);
        PairTracker.Step step = tracker.step(b, c, T0.plus(LOSS_AFTER));
        assertThat(step.kind()).isEqualTo(PairTracker.Kind.DECIDE);
        assertThat(step.observed().verdict()).isEqualTo(Verdict.MEDIATOR_DEGRADED);
        tracker.apply(decision(Verdict.MEDIATOR_DEGRADED, null, step.observed().side(), T0, List.of()));
        assertThat(tracker.step(b, c, T0.plusSeconds(60)).kind()).isEqualTo(PairTracker.Kind.NONE);
    }

    @Test
    void anIsolatedMediatorNeverActs() {
        PairTracker tracker = tracker();
        for (int s = 0; s < 120; s += 5) {
            assertThat(tracker.step(DOWN, DOWN, T0.plusSeconds(s)).kind()).isEqualTo(PairTracker.Kind.NONE);
        }
    }

    @Test
    void theSurvivorLostTooBeforeItWasReprotectedIsBothSidesUnsafe() {
        PairTracker tracker = tracker();
        Instant detected = lose(tracker, OK_ALONE, DOWN);
        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("aa", Action.PROMOTED, "site-b", 3L))));
        assertThat(tracker.declaredLost()).containsExactly("site-c");

        // site-c returns (fenced); healthy again, but site-b still goes on alone: site-c stays declared lost.
        Instant back = detected.plusSeconds(20);
        tracker.step(OK_REACHES, OK_REACHES, back);
        assertThat(tracker.step(OK_REACHES, OK_REACHES, back.plus(LOSS_AFTER)).kind())
                .isEqualTo(PairTracker.Kind.CHECK_REPROTECTED);

        // Now site-b is lost: the only side left is site-c, which was declared lost.
        Instant second = back.plusSeconds(10);
        tracker.step(DOWN, OK_ALONE, second);
        PairTracker.Step unsafe = tracker.step(DOWN, OK_ALONE, second.plus(LOSS_AFTER));
        assertThat(unsafe.kind()).isEqualTo(PairTracker.Kind.DECIDE);
        assertThat(unsafe.observed()).isEqualTo(new Observed(Verdict.BOTH_SIDES_UNSAFE, "site-b"));
        tracker.apply(decision(Verdict.BOTH_SIDES_UNSAFE, "site-c", "site-b", second, List.of()));
        assertThat(tracker.step(DOWN, OK_ALONE, second.plusSeconds(30)).kind()).isEqualTo(PairTracker.Kind.NONE);
    }

    @Test
    void onceReprotectedTheReturnedSideMayBeTheSurvivorAgain() {
        PairTracker tracker = tracker();
        Instant detected = lose(tracker, OK_ALONE, DOWN);
        tracker.apply(decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("aa", Action.PROMOTED, "site-b", 3L))));
        tracker.reprotected("site-c");

        Instant second = detected.plusSeconds(60);
        tracker.step(DOWN, OK_ALONE, second);
        PairTracker.Step step = tracker.step(DOWN, OK_ALONE, second.plus(LOSS_AFTER));
        assertThat(step.kind()).isEqualTo(PairTracker.Kind.DECIDE);
        assertThat(step.observed()).isEqualTo(new Observed(Verdict.SITE_LOST, "site-b"));
    }

    @Test
    void replayingTheDecisionsRebuildsTheStateAfterARestart() {
        Instant detected = T0.plusSeconds(1);
        Decision waiting = decision(Verdict.SITE_LOST, "site-b", "site-c", detected,
                List.of(VolumeAction.of("ap", Action.WAITING_GRACE, "site-b", 3L),
                        VolumeAction.of("aa", Action.PROMOTED, "site-b", 3L)));
        PairTracker restarted = tracker();
        restarted.apply(waiting);

        // The same loss is seen again after the restart: not decided again, the grace runs from the first detection.
        Instant now = detected.plusSeconds(20);
        restarted.step(OK_ALONE, DOWN, now);
        assertThat(restarted.step(OK_ALONE, DOWN, now.plus(LOSS_AFTER)).kind()).isEqualTo(PairTracker.Kind.NONE);
        assertThat(restarted.step(OK_ALONE, DOWN, detected.plus(GRACE)).kind())
                .isEqualTo(PairTracker.Kind.GRACE_OVER);
        assertThat(restarted.declaredLost()).containsExactly("site-c");
    }

    private static PairTracker tracker() {
        return new PairTracker(PAIR, LOSS_AFTER, GRACE);
    }

    /** Observes the loss of one side until it is to be decided; answers when it was detected. */
    private static Instant lose(PairTracker tracker, Reach b, Reach c) {
        Instant detected = T0.plusSeconds(1);
        tracker.step(b, c, detected);
        assertThat(tracker.step(b, c, detected.plus(LOSS_AFTER)).kind()).isEqualTo(PairTracker.Kind.DECIDE);
        return detected;
    }

    private static PairVolume volume(String id, String peer, boolean primary, long generation, boolean activeActive) {
        return new PairVolume(id, peer, primary, primary || activeActive, generation, null, activeActive, true, false);
    }

    private static Decision decision(Verdict verdict, String survivor, String lost, Instant detectedAt,
            List<VolumeAction> volumes) {
        return new Decision("d-" + verdict.wire(), 1, PAIR.toString(), verdict, survivor, lost, detectedAt,
                detectedAt.plus(LOSS_AFTER), volumes, 1, "test");
    }
}
