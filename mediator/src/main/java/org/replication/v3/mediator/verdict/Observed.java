package org.replication.v3.mediator.verdict;

/**
 * A verdict about a pair and the side it concerns: the lost side ({@code site_lost}, {@code both_sides_unsafe}),
 * the side the mediator cannot reach ({@code mediator_degraded}); none otherwise.
 */
public record Observed(Verdict verdict, String side) {

    public static Observed of(Verdict verdict) {
        return new Observed(verdict, null);
    }
}
