package org.replication.v3.mediator.verdict;

/**
 * One volume's part of a decision.
 *
 * @param side the array the action is taken on
 * @param generation the volume's generation there when decided; for {@code fenced} the generation it is fenced at;
 *        once a promote answered, the generation it took
 * @param error the array's refusal, when it refused this volume
 */
public record VolumeAction(String id, Action action, String side, Long generation, String error) {

    public static VolumeAction of(String id, Action action, String side, Long generation) {
        return new VolumeAction(id, action, side, generation, null);
    }

    public VolumeAction answered(Long newGeneration, String refusal) {
        return new VolumeAction(id, action, side, newGeneration == null ? generation : newGeneration, refusal);
    }

    /** Whether carrying it out takes an array call. */
    public boolean needsCall() {
        return action == Action.PROMOTED || action == Action.FENCED;
    }
}
