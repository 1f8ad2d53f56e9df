package org.replication.v3.mediator.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mediator's rules as pure functions (docs/sites.md section 4): what one poll's observations of a pair mean,
 * and what each verdict does to the pair's mediated volumes. {@link PairTracker} adds time (a verdict must hold for
 * {@code loss-after}, the grace period) and memory (which side was declared lost).
 */
public final class MediatorVerdicts {

    private MediatorVerdicts() {
    }

    /**
     * The verdict table: what the mediator and each array see.
     *
     * <pre>
     * mediator→X  mediator→Y  X reaches Y  Y reaches X   verdict
     * ok          ok          yes          yes           healthy
     * ok          ok          either no                  link_lost
     * ok          no          no           -             site_lost(Y)
     * ok          no          yes          -             mediator_degraded(Y): no action
     * no          no          -            -             mediator_isolated: no action
     * </pre>
     */
    public static Observed classify(ArrayPair pair, Reach x, Reach y) {
        if (x.answered() && y.answered()) {
            return Observed.of(x.reachesPeer() && y.reachesPeer() ? Verdict.HEALTHY : Verdict.LINK_LOST);
        }
        if (x.answered()) {
            return new Observed(x.reachesPeer() ? Verdict.MEDIATOR_DEGRADED : Verdict.SITE_LOST, pair.y());
        }
        if (y.answered()) {
            return new Observed(y.reachesPeer() ? Verdict.MEDIATOR_DEGRADED : Verdict.SITE_LOST, pair.x());
        }
        return Observed.of(Verdict.MEDIATOR_ISOLATED);
    }

    /**
     * Site {@code lost} is lost; {@code survivor} lists its volumes. Active/active, and active/passive where the
     * survivor is the primary: promoted at once with the peer lost (go on alone; already alone: kept serving).
     * Active/passive where the survivor is the secondary: waiting for the grace period. A fenced survivor volume
     * is left alone: some other generation owns it, so promoting it could serve stale data.
     */
    public static List<VolumeAction> planSiteLost(String survivor, String lost, List<PairVolume> survivorVolumes) {
        List<VolumeAction> actions = new ArrayList<>();
        for (PairVolume v : mediated(survivorVolumes, lost)) {
            if (v.fenced()) {
                continue;
            }
            if (v.goesOnAlone()) {
                actions.add(VolumeAction.of(v.id(), Action.KEPT_SERVING, survivor, v.generation()));
            } else if (v.activeActive() || v.primary()) {
                actions.add(VolumeAction.of(v.id(), Action.PROMOTED, survivor, v.generation()));
            } else {
                actions.add(VolumeAction.of(v.id(), Action.WAITING_GRACE, survivor, v.generation()));
            }
        }
        return actions;
    }

    /**
     * The grace period is over and the primary is still lost: each waiting target that is still an unfenced
     * secondary on the survivor is promoted; one that already serves alone (promoted meanwhile) is kept.
     */
    public static List<VolumeAction> planGraceOver(String survivor, String lost, List<String> waiting,
            List<PairVolume> survivorVolumes) {
        Map<String, PairVolume> byId = byId(mediated(survivorVolumes, lost));
        List<VolumeAction> actions = new ArrayList<>();
        for (String id : waiting) {
            PairVolume v = byId.get(id);
            if (v == null || v.fenced()) {
                continue;
            }
            actions.add(VolumeAction.of(id, v.goesOnAlone() ? Action.KEPT_SERVING : Action.PROMOTED, survivor,
                    v.generation()));
        }
        return actions;
    }

    /**
     * The link between the arrays is lost and both still answer. Per volume the winner is the side where it is the
     * unfenced primary (for active/active: {@code role: primary}, where the pair was created; if both claim it, the
     * higher generation). The loser is fenced at a generation above both sides' first, then the winner is promoted
     * with the peer lost. A side in {@code declaredLost} never wins; a volume without a clear winner is left alone.
     */
    public static List<VolumeAction> planLinkLost(ArrayPair pair, List<PairVolume> xVolumes,
            List<PairVolume> yVolumes, Set<String> declaredLost) {
        Map<String, PairVolume> onY = byId(mediated(yVolumes, pair.x()));
        List<VolumeAction> fences = new ArrayList<>();
        List<VolumeAction> promotes = new ArrayList<>();
        for (PairVolume x : mediated(xVolumes, pair.y())) {
            PairVolume y = onY.get(x.id());
            if (y == null) {
                continue;
            }
            String winner = winner(pair, x, y);
            if (winner == null || declaredLost.contains(winner)) {
                continue;
            }
            PairVolume won = winner.equals(pair.x()) ? x : y;
            PairVolume lost = winner.equals(pair.x()) ? y : x;
            long above = Math.max(Math.max(x.generation(), y.generation()),
                    Math.max(orZero(x.fenceGeneration()), orZero(y.fenceGeneration()))) + 1;
            if (!lost.fenced() || lost.fenceGeneration() < won.generation()) {
                fences.add(VolumeAction.of(lost.id(), Action.FENCED, pair.other(winner), above));
            }
            promotes.add(VolumeAction.of(won.id(), won.goesOnAlone() ? Action.KEPT_SERVING : Action.PROMOTED, winner,
                    won.generation()));
        }
        fences.addAll(promotes);
        return fences;
    }

    /** The one side that serves every acted-on volume in {@code actions} (promoted or kept), or null when mixed. */
    public static String soleSide(List<VolumeAction> actions, Action... kinds) {
        Set<Action> wanted = Set.of(kinds);
        String side = null;
        for (VolumeAction a : actions) {
            if (!wanted.contains(a.action())) {
                continue;
            }
            if (side != null && !side.equals(a.side())) {
                return null;
            }
            side = a.side();
        }
        return side;
    }

    private static String winner(ArrayPair pair, PairVolume x, PairVolume y) {
        boolean xClaims = x.primary() && !x.fenced();
        boolean yClaims = y.primary() && !y.fenced();
        if (xClaims && yClaims) {
            if (x.generation() == y.generation()) {
                return null;
            }
            return x.generation() > y.generation() ? pair.x() : pair.y();
        }
        return xClaims ? pair.x() : yClaims ? pair.y() : null;
    }

    private static List<PairVolume> mediated(List<PairVolume> volumes, String peer) {
        return volumes.stream().filter(v -> v.mediated() && peer.equals(v.peer())).toList();
    }

    private static Map<String, PairVolume> byId(List<PairVolume> volumes) {
        Map<String, PairVolume> byId = new LinkedHashMap<>();
        volumes.forEach(v -> byId.put(v.id(), v));
        return byId;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
