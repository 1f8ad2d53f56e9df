package org.replication.v3.replication.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * The replication-service's settings ({@code replication.*} in application.properties, where each is explained).
 * {@code replication.automatic-failover.check-every} is read by the scheduler expression of
 * {@code AutomaticFailover} itself.
 */
@ConfigMapping(prefix = "replication")
public interface ReplicationConfig {

    /** A backend whose volume-service has not reported for this long cannot run a failover. */
    Duration backendDownAfter();

    /** Volumes per {@code SwitchVolumes} command: one driver call, one transaction, one answer each. */
    int switchBatchSize();

    AutomaticFailover automaticFailover();

    interface AutomaticFailover {

        /** How long a mediated sync volume's primary must stay lost before it is failed over by itself. */
        Duration grace();
    }
}
