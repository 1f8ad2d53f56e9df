package org.replication.v3.mediator.verdict;

/**
 * One array as one poll saw it.
 *
 * @param answered the array answered the mediator's health call in time
 * @param reachesPeer the array reports the pair's other array reachable (false when it did not answer)
 */
public record Reach(boolean answered, boolean reachesPeer) {

    public static final Reach UNREACHABLE = new Reach(false, false);

    public static Reach answered(boolean reachesPeer) {
        return new Reach(true, reachesPeer);
    }
}
