package org.replication.v3.array.replication;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.volume.ArrayService;
import org.replication.v3.array.volume.Volume;

/**
 * The array's background tasks, on one thread. Async replication: every tick, each async primary whose half-RPO has
 * passed ships one point-in-time image of its changed blocks to its peer ({@link ArrayService#ship}); volumes ship
 * one after another, which is enough for a reference array and keeps the peer's load bounded. Sync resync: on the
 * same tick, a sync pair with blocks logged for its peer (writes that did not reach it) ships them once the peer
 * answers ({@link ArrayService#resync}), so an idle volume converges without waiting for its next write; a tick
 * with nothing logged costs one pass over the volumes in memory. Pending reports: every
 * {@code array.pending-report} the peer learns what it lacks of each async volume; on the same thread as the ships,
 * so a report never overtakes an image. And the peer probe: every {@code array.peer-probe}, one call per peer asks
 * for the generations of the paired volumes, and a volume the peer serves at a higher one is fenced here. (The peer
 * heartbeat has a thread of its own: {@code PeerHealth}.)
 */
@Singleton
public class AsyncShipper {

    private static final Logger LOG = Logger.getLogger(AsyncShipper.class);

    private final ArrayService array;
    private final ArrayConfig config;
    private ScheduledExecutorService executor;

    public AsyncShipper(ArrayService array, ArrayConfig config) {
        this.array = array;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "array-async-ship");
            thread.setDaemon(true);
            return thread;
        });
        long tick = config.shipTick().toMillis();
        executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        long probe = config.peerProbe().toMillis();
        if (probe > 0) {
            executor.scheduleWithFixedDelay(this::probe, probe, probe, TimeUnit.MILLISECONDS);
        }
        long report = config.pendingReport().toMillis();
        if (report > 0) {
            executor.scheduleWithFixedDelay(this::report, report, report, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void probe() {
        try {
            array.probe();
        } catch (Exception e) {
            LOG.warnf("peer probe failed: %s", e.getMessage());
        }
    }

    private void report() {
        try {
            array.reportPending();
        } catch (Exception e) {
            LOG.warnf("pending reports failed: %s", e.getMessage());
        }
    }

    private void tick() {
        try {
            array.shipGroups();
        } catch (Exception e) {
            LOG.warnf("group ship failed: %s", e.getMessage());
        }
        for (Volume volume : array.shippers()) {
            try {
                array.ship(volume);
            } catch (Exception e) {
                LOG.warnf("volume %s: ship failed: %s", volume.state().id(), e.getMessage());
            }
        }
        for (Volume volume : array.resyncers()) {
            try {
                array.resync(volume);
            } catch (Exception e) {
                LOG.warnf("volume %s: resync failed: %s", volume.state().id(), e.getMessage());
            }
        }
    }
}
