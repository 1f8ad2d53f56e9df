package org.replication.v3.replication.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import org.replication.v3.common.replication.GlobalReplicationDefaults;

/**
 * The replication-service's settings ({@code replication.*} in application.properties, where each is explained).
 * Every key under the prefix is mapped here, so a misspelt one fails the start instead of being ignored.
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

        /** How often lost primaries are checked; read by the schedule expression of {@code AutomaticFailover}. */
        Duration checkEvery();
    }

    /** The deployment's replication defaults, which common reads on its own; mapped so the prefix validates. */
    GlobalReplicationDefaults defaults();
}
