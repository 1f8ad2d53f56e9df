package org.replication.v3.volume.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.assignment.repository.BackendLeases;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.repository.Volumes;
import org.replication.v3.volume.replication.repository.MediatorCursors;
import org.replication.v3.volume.replication.service.ReplicationMonitor;

/**
 * A volume-service restarted over the same arrays, as restart and readiness tests build one: its backends afresh
 * (no pair in memory), a replication monitor over them, and the volume rows as the restarted service reads them.
 * It acts under this service's backend leases.
 */
@Singleton
public final class RestartedService {

    @Inject
    BackendsConfig config;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;
    @Inject
    Vertx vertx;
    @Inject
    Volumes volumes;
    @Inject
    MediatorCursors cursors;
    @Inject
    HeldLeases leases;
    @Inject
    BackendLeases leaseTable;

    /** The backends as a restarted service builds them from the same configuration. */
    public Backends backends() {
        return new Backends(config, leases);
    }

    /** The replication monitor of a restarted service over {@code backends}, nothing restored yet. */
    public ReplicationMonitor monitor(Backends backends) {
        return new ReplicationMonitor(backends, outbox, relay, topics, registry, vertx, volumes, cursors, leases,
                leaseTable, config);
    }

    /** Restores the pairs from the volume rows, as the first tick after a start does. */
    public static void restore(ReplicationMonitor monitor) {
        try {
            VertxContextSupport.subscribeAndAwait(monitor::restoreOnce);
        } catch (Throwable e) {
            throw new AssertionError("restore failed: " + e.getMessage(), e);
        }
    }

    /** The named backend's reference replication driver. */
    public static FileArrayReplication replication(Backends backends, String name) {
        return backends.all().stream().filter(b -> b.name().equals(name)).findFirst()
                .flatMap(Backend::replication).map(FileArrayReplication.class::cast).orElseThrow();
    }

    /** The volume's row, as a restarted service reads it. */
    public static Volume recorded(String id) {
        try {
            return VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> Volume.<Volume>findById(id)));
        } catch (Throwable e) {
            throw new AssertionError("volume " + id + " not read: " + e.getMessage(), e);
        }
    }
}
