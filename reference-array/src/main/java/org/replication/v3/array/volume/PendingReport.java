package org.replication.v3.array.volume;

import java.time.Instant;
import java.util.List;

/**
 * What an async primary told its secondary the secondary lacks: the blocks changed on the primary and not yet in an
 * image applied here. The secondary keeps the last one it received (in memory); a promote with the primary lost
 * answers from it what is at risk.
 *
 * @param blocks the block numbers, or null when there were more than {@link #MAX_BLOCKS} (then only the count)
 * @param asOf when the primary built the report, by its clock: every write it acknowledged before then is either in
 *        an image applied here or named by the report
 * @param oldestPendingAt since when (about) the oldest of them is pending; null when none is
 */
public record PendingReport(List<Long> blocks, long count, Instant asOf, Instant oldestPendingAt) {

    /** The most block numbers a report carries; above, only their count. */
    public static final int MAX_BLOCKS = 4096;
}
