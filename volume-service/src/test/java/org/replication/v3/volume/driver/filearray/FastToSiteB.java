package org.replication.v3.volume.driver.filearray;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.filearray.replication.ArraySites;

/** The driver tests' backend: {@code fast} replicating to {@code site-b}, both arrays under a test's directory. */
final class FastToSiteB {

    static final int BLOCK = 64 * 1024;
    static final ReplicationTarget SITE_B = new ReplicationTarget("site-b",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), false, Set.of(SyncTopology.ACTIVE_PASSIVE), true,
            5, "az-2", Set.of(ReplicationScope.VOLUME, ReplicationScope.GROUP));
    /** Sync, active/passive, 1 GiB. */
    static final ReplicatedVolume GOLD = new ReplicatedVolume("gold-1", 1, "pool-a", ReplicationMode.SYNC,
            SyncTopology.ACTIVE_PASSIVE, false, null);
    /** Async with a 10 s RPO, 1 GiB. */
    static final ReplicatedVolume SILVER = new ReplicatedVolume("silver-1", 1, "pool-a",
            ReplicationMode.ASYNC, null, false, 10);

    private FastToSiteB() {
    }

    /**
     * A driver instance over the arrays in {@code dir}, with sites of its own: a second one is the same backend after
     * a restart of its process.
     */
    static FileArrayReplication driver(Path dir, InstantSource clock, Duration switchDelay) {
        ArraySites arrays = new ArraySites();
        return new FileArrayReplication("fast", arrays.site("fast", dir.resolve("fast")), List.of(SITE_B),
                Map.of("site-b", arrays.site("site-b", dir.resolve("site-b"))), BLOCK, clock, switchDelay);
    }
}
