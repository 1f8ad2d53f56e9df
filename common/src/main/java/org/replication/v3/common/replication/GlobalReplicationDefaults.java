package org.replication.v3.common.replication;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The deployment's defaults, the lowest level of {@link ReplicationPrecedence}: {@code replication.defaults.*}
 * (async, scope volume unless configured otherwise).
 */
@ConfigMapping(prefix = "replication.defaults")
public interface GlobalReplicationDefaults {

    ReplicationMode mode();

    ReplicationScope scope();

    /** The RPO an async volume gets when neither its type nor its backend names one. */
    Optional<Integer> rpoSeconds();

    default ReplicationDefaults asDefaults() {
        return new ReplicationDefaults(scope(), mode(), null, null, rpoSeconds().orElse(null), null);
    }
}
