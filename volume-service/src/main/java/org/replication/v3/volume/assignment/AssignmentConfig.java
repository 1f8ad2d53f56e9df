package org.replication.v3.volume.assignment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The backend lease (docs/sites.md section 3): which one of the instances that configure a backend runs it. */
@ConfigMapping(prefix = "volume.assignment")
public interface AssignmentConfig {

    /** How long a claim or a renewal holds, by the database's clock. */
    @WithDefault("6s")
    Duration lease();

    /** How often the holder renews (and others try to claim). Well below {@code lease - margin}. */
    @WithDefault("2s")
    Duration renewEvery();

    /**
     * The holder stops acting this long before its lease ends by its own clock, and a successor claims only this
     * long after it ended by the database's: twice this covers clock rate and the gap between a check and a call.
     */
    @WithDefault("1s")
    Duration margin();

    /**
     * A command kept for a backend this instance holds, and applied neither by its own consumer nor at the claim,
     * is replayed once it has waited this long. Far above a lease: under a burst the own consumer lags by more than
     * one, and a replay racing the consumer's own copy of a delete once left a transaction open without its commit
     * (docs/performance.md).
     */
    @WithDefault("2m")
    Duration replayAfter();
}
