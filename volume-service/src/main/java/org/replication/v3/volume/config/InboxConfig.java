package org.replication.v3.volume.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * The inbox settings (common's microprofile-config.properties sets them for every service) as this service reads
 * them: finished switch work is kept as long as the inbox keeps its command's id.
 */
@ConfigMapping(prefix = "inbox")
public interface InboxConfig {

    /** How long an applied message's id is kept ({@code inbox.retention}). */
    Duration retention();

    /** How often the inbox and the finished work are pruned ({@code inbox.prune-interval}). */
    Duration pruneInterval();

    /** Rows deleted per pruning transaction ({@code inbox.prune-batch-size}). */
    int pruneBatchSize();
}
