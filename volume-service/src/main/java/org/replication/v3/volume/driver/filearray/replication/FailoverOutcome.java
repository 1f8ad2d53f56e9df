package org.replication.v3.volume.driver.filearray.replication;

import java.time.Instant;
import org.replication.v3.common.failover.FencedBy;

/**
 * What a failover of one volume did.
 *
 * @param active     the side that serves the volume now
 * @param planned    whether the old active side was reachable, so everything was copied before the switch
 * @param lostBytes  bytes acknowledged on the old side that the new side does not have
 * @param dataAsOf   the old side's state the new side holds (the switch time when nothing was lost)
 * @param fencedBy   who made sure the old side takes no more writes null on failback
 */
public record FailoverOutcome(Side active, boolean planned, long lostBytes, Instant dataAsOf, FencedBy fencedBy) {
}
