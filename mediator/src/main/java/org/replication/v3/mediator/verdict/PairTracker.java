package org.replication.v3.mediator.verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One array pair over time: the verdict observed and since when, the episode last decided, the sides declared lost
 * and the targets waiting for the grace period. No I/O and no clock of its own: {@link #step} is given each poll's
 * observations and the time, and {@link #apply} each decision (live, or replayed from the journal at start), so the
 * same code rebuilds the state after a restart.
 */
public final class PairTracker {

    public enum Kind {
        /** Nothing to do. */
        NONE,
        /** Make a decision on {@link Step#observed()} (a verdict that held for loss-after and was not decided yet). */
        DECIDE,
        /** The grace period is over and the primary is still lost: promote the waiting targets. */
        GRACE_OVER,
        /** The lost side returned within the grace period: the waiting targets stay as they are. */
        RECOVERED,
        /** Healthy again: ask each declared-lost side's survivor whether it still goes on alone. */
        CHECK_REPROTECTED
    }

    /**
     * What one poll asks for.
     *
     * @param changed the observed verdict differs from the previous poll's (log it)
     * @param detectedAt when the observed verdict was first seen
     */
    public record Step(Kind kind, Observed observed, Instant detectedAt, boolean changed) {
    }

    /** Active/passive targets of a lost primary, promoted at {@code deadline} if it is still lost then. */
    public record Grace(String decisionId, String survivor, String lostSide, Instant detectedAt, Instant deadline,
            List<String> volumeIds) {
    }

    private final ArrayPair pair;
    private final Duration lossAfter;
    private final Duration grace;
    private Observed observed;
    private Instant since;
    private Observed acted;
    private final Set<String> declaredLost = new TreeSet<>();
    private Grace waiting;

    public PairTracker(ArrayPair pair, Duration lossAfter, Duration grace) {
        this.pair = pair;
        this.lossAfter = lossAfter;
        this.grace = grace;
    }

    public ArrayPair pair() {
        return pair;
    }

    public Step step(Reach x, Reach y, Instant now) {
        Observed seen = MediatorVerdicts.classify(pair, x, y);
        boolean changed = !seen.equals(observed);
        if (changed) {
            observed = seen;
            since = now;
        }
        if (Duration.between(since, now).compareTo(lossAfter) < 0) {
            return new Step(Kind.NONE, seen, since, changed);
        }
        Observed effective = effective(seen);
        Kind kind = switch (effective.verdict()) {
            case HEALTHY -> {
                acted = null;
                yield waiting != null ? Kind.RECOVERED : declaredLost.isEmpty() ? Kind.NONE : Kind.CHECK_REPROTECTED;
            }
            case MEDIATOR_ISOLATED -> Kind.NONE;
            case SITE_LOST -> {
                // The grace period runs from the first detection, also across a verdict that came and went.
                if (waiting != null && waiting.lostSide().equals(effective.side())) {
                    yield now.isBefore(waiting.deadline()) ? Kind.NONE : Kind.GRACE_OVER;
                }
                yield effective.equals(acted) ? Kind.NONE : Kind.DECIDE;
            }
            default -> effective.equals(acted) ? Kind.NONE : Kind.DECIDE;
        };
        return new Step(kind, effective, since, changed);
    }

    /**
     * Never promote a side the mediator declared lost: when the only side left was itself declared lost and has
     * not been reprotected since, the verdict is both_sides_unsafe.
     */
    private Observed effective(Observed seen) {
        if (seen.verdict() == Verdict.SITE_LOST && declaredLost.contains(pair.other(seen.side()))) {
            return new Observed(Verdict.BOTH_SIDES_UNSAFE, seen.side());
        }
        return seen;
    }

    /** Takes a decision into the state: live once it is journaled, or replayed from the journal at start. */
    public void apply(Decision decision) {
        switch (decision.verdict()) {
            case SITE_LOST -> {
                acted = new Observed(Verdict.SITE_LOST, decision.lostSide());
                List<String> targets = decision.withAction(Action.WAITING_GRACE).stream().map(VolumeAction::id)
                        .toList();
                waiting = targets.isEmpty() ? null : new Grace(decision.id(), decision.survivor(),
                        decision.lostSide(), decision.detectedAt(), decision.detectedAt().plus(grace), targets);
            }
            case LINK_LOST -> {
                acted = Observed.of(Verdict.LINK_LOST);
                waiting = null;
            }
            case RECOVERED -> waiting = null;
            case MEDIATOR_DEGRADED, BOTH_SIDES_UNSAFE -> acted = new Observed(decision.verdict(),
                    decision.lostSide());
            default -> {
                // healthy and isolated are never decided
            }
        }
        if (decision.verdict() == Verdict.SITE_LOST || decision.verdict() == Verdict.LINK_LOST) {
            // A side that serves alone (promoted, or found already alone) leaves its peer declared lost.
            decision.volumes().stream()
                    .filter(v -> v.action() == Action.PROMOTED || v.action() == Action.KEPT_SERVING)
                    .forEach(v -> declaredLost.add(pair.other(v.side())));
        }
    }

    /** The survivor of {@code side} no longer goes on alone (reprotected): {@code side} may be promoted again. */
    public void reprotected(String side) {
        declaredLost.remove(side);
    }

    public Set<String> declaredLost() {
        return Set.copyOf(declaredLost);
    }

    public Grace waiting() {
        return waiting;
    }

    public Observed observed() {
        return observed;
    }

    public Instant since() {
        return since;
    }

    public boolean held(Instant now) {
        return since != null && Duration.between(since, now).compareTo(lossAfter) >= 0;
    }

    @Override
    public String toString() {
        return "PairTracker[" + pair + ", " + observed + " since " + since + ", acted " + acted + ", lost "
                + declaredLost + ", waiting " + (waiting == null ? null : waiting.decisionId()) + "]";
    }
}
