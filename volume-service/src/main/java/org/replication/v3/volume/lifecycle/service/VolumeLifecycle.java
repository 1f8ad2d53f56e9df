package org.replication.v3.volume.lifecycle.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.driver.ModelUpdate;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeSpec;
import org.replication.v3.volume.replication.service.ReplicationOnCreate;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.messaging.VolumeCommandConsumer;

/**
 * Creates, extends and deletes volumes through their backend's driver and records the outcome with its event.
 * Runs inside the caller's transaction (see {@link VolumeCommandConsumer}); driver calls run on a worker
 * thread and must be idempotent, because a crash before commit repeats them.
 */
@ApplicationScoped
public class VolumeLifecycle {

    private static final Logger LOG = Logger.getLogger(VolumeLifecycle.class);

    private final Vertx vertx;
    private final Outbox outbox;
    private final TopicNames topics;
    private final MeterRegistry registry;

    private final ReplicationOnCreate replication;

    public VolumeLifecycle(Vertx vertx, Outbox outbox, TopicNames topics, MeterRegistry registry,
            ReplicationOnCreate replication) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.topics = topics;
        this.registry = registry;
        this.replication = replication;
    }

    /** The driver's answer to a create, and the volume's replication when it is replicated. */
    private record Created(ModelUpdate update, VolumeReplication replication) {
    }

    public Uni<Void> create(CreateVolumeOnBackend command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        VolumeSpec spec = new VolumeSpec(command.volumeId(), command.size(), location.pool(), command.extraSpecs());
        return Volume.<Volume>findById(command.volumeId()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("volume %s: already on %s (%s), create not repeated", existing.id, existing.host, existing.status);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("volume %s: creating on %s", command.volumeId(), location);
            return Uni.createFrom().item(() -> replication.settings(command, backend))
                    .flatMap(settings -> onWorker(() -> {
                        ModelUpdate update = backend.driver().createVolume(spec);
                        return new Created(update,
                                settings.map(s -> replication.enable(command, backend, s)).orElse(null));
                    }))
                    .flatMap(created -> recordCreated(command, location, created))
                    .onFailure(VolumeDriverException.class)
                    .recoverWithUni(failure -> recordCreateFailed(command, location, failure.getMessage()));
        });
    }

    /** Deletes the volume and announces the outcome; true when it is gone, false when the driver failed. */
    public Uni<Boolean> delete(DeleteVolume command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        return Volume.<Volume>findById(command.volumeId()).flatMap(volume -> {
            int size = volume == null ? 0 : volume.sizeGb;
            VolumeSpec spec = new VolumeSpec(command.volumeId(), size, location.pool(), java.util.Map.of());
            return onWorker(() -> {
                if (volume != null && volume.replicationStatus != null) {
                    backend.replication().ifPresent(r -> r.deleteReplica(command.volumeId()));
                }
                backend.driver().deleteVolume(spec);
                return spec;
            })
                    .flatMap(deleted -> (volume == null ? Uni.createFrom().voidItem() : volume.delete())
                            .flatMap(v -> outbox.add(topics.volumeEvents(), new VolumeDeleted(command.volumeId())))
                            .invoke(() -> {
                                LOG.infof("volume %s: deleted from %s", command.volumeId(), location);
                                registry.counter("volumes.deleted", "backend", location.backend()).increment();
                            })
                            .replaceWith(true))
                    .onFailure(VolumeDriverException.class).recoverWithUni(failure -> {
                        LOG.warnf("volume %s: delete failed on %s: %s", command.volumeId(), location, failure.getMessage());
                        if (volume != null) {
                            volume.status = "error_deleting";
                            volume.updatedAt = Instant.now();
                        }
                        return outbox.add(topics.volumeEvents(),
                                new VolumeDeleteFailed(command.volumeId(), failure.getMessage())).replaceWith(false);
                    });
        });
    }

    /** Grows the volume through the driver; the driver call is idempotent, so a repeated command is harmless. */
    public Uni<Void> extend(ExtendVolume command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        return Volume.<Volume>findById(command.volumeId()).flatMap(volume -> {
            if (volume == null) {
                return recordExtendFailed(command, location, null, "volume " + command.volumeId()
                        + " is not on backend " + location.backendHost());
            }
            VolumeSpec spec = new VolumeSpec(command.volumeId(), volume.sizeGb, location.pool(), Map.of());
            LOG.infof("volume %s: extending on %s from %d to %d GB", command.volumeId(), location, volume.sizeGb,
                    command.newSize());
            return onWorker(() -> {
                backend.driver().extendVolume(spec, command.newSize());
                return spec;
            })
                    .flatMap(extended -> {
                        volume.sizeGb = command.newSize();
                        volume.status = "available";
                        volume.updatedAt = Instant.now();
                        return outbox.add(topics.volumeEvents(),
                                new VolumeExtended(command.volumeId(), command.newSize()));
                    })
                    .invoke(() -> LOG.infof("volume %s: extended on %s to %d GB", command.volumeId(), location,
                            command.newSize()))
                    .replaceWithVoid()
                    .onFailure(VolumeDriverException.class)
                    .recoverWithUni(failure -> recordExtendFailed(command, location, volume, failure.getMessage()));
        });
    }

    private Uni<Void> recordExtendFailed(ExtendVolume command, VolumeHost location, Volume volume, String reason) {
        LOG.warnf("volume %s: extend failed on %s: %s", command.volumeId(), location, reason);
        registry.counter("volumes.extend.failures", "backend", location.backend()).increment();
        if (volume != null) {
            volume.status = "error_extending";
            volume.updatedAt = Instant.now();
        }
        return outbox.add(topics.volumeEvents(), new VolumeExtendFailed(command.volumeId(), reason)).replaceWithVoid();
    }

    private Uni<Void> recordCreated(CreateVolumeOnBackend command, VolumeHost location, Created created) {
        Volume volume = newVolume(command, location, "available");
        volume.providerId = created.update().providerId();
        VolumeReplication replicated = created.replication();
        if (replicated != null) {
            volume.replicationStatus = replicated.status().value();
            volume.replicationMode = replicated.mode().value();
            volume.replicationTarget = replicated.target();
            volume.replicationSyncTopology = replicated.syncTopology() == null ? null
                    : replicated.syncTopology().value();
            volume.replicationMediator = replicated.mediator();
            volume.replicationRpoSeconds = replicated.rpoSeconds();
            volume.replicationGroupId = replicated.scope() == ReplicationScope.GROUP ? command.groupId() : null;
        }
        return volume.persist()
                .flatMap(v -> outbox.add(topics.volumeEvents(), new VolumeCreated(command.volumeId(), command.host(),
                        created.update().providerId(), command.size())))
                .flatMap(v -> replicated == null ? Uni.createFrom().voidItem()
                        : outbox.add(topics.volumeEvents(),
                                new ReplicationEnabled(command.volumeId(), command.host(), replicated, null,
                                        command.groupId()))
                                .invoke(() -> LOG.infof("volume %s: replicating %s to %s", command.volumeId(),
                                        replicated.mode().value(), replicated.target()))
                                .replaceWithVoid())
                .invoke(() -> {
                    LOG.infof("volume %s: created on %s as %s", command.volumeId(), location,
                            created.update().providerId());
                    registry.counter("volumes.created", "backend", location.backend()).increment();
                })
                .replaceWithVoid();
    }

    private Uni<Void> recordCreateFailed(CreateVolumeOnBackend command, VolumeHost location, String reason) {
        LOG.warnf("volume %s: create failed on %s: %s", command.volumeId(), location, reason);
        registry.counter("volumes.create.failures", "backend", location.backend()).increment();
        return newVolume(command, location, "error").persist()
                .flatMap(v -> outbox.add(topics.volumeEvents(),
                        new VolumeCreateFailed(command.volumeId(), command.host(), reason)))
                .replaceWithVoid();
    }

    private static Volume newVolume(CreateVolumeOnBackend command, VolumeHost location, String status) {
        Volume volume = new Volume();
        volume.id = command.volumeId();
        volume.host = command.host();
        volume.backend = location.backend();
        volume.pool = location.pool();
        volume.sizeGb = command.size();
        volume.groupId = command.groupId();
        volume.status = status;
        volume.createdAt = Instant.now();
        volume.updatedAt = volume.createdAt;
        return volume;
    }

    /** Array I/O blocks: run it on a worker and come back to the caller's context and session. */
    private <T> Uni<T> onWorker(Supplier<T> driverCall) {
        return vertx.executeBlocking(Uni.createFrom().item(driverCall), false);
    }
}
