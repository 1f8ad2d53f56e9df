package org.replication.v3.volume.lifecycle.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationSettings;
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
import org.replication.v3.volume.backend.DriverCalls;
import org.replication.v3.volume.backend.DriverCalls.Driven;
import org.replication.v3.volume.driver.CreatedVolume;
import org.replication.v3.volume.driver.ModelUpdate;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeSpec;
import org.replication.v3.volume.lifecycle.Volume;
import org.replication.v3.volume.lifecycle.VolumeStatus;
import org.replication.v3.volume.replication.service.ReplicationOnCreate;

/**
 * Creates, extends and deletes volumes through their backend's driver and records the outcome with its event, in
 * two steps each: the driver call ({@code create}, {@code extend}, {@code delete}) outside any transaction, then
 * the record ({@code recordCreate}, ...) in the command's inbox transaction. A crash between the two repeats the
 * driver call on redelivery, which is idempotent.
 */
@ApplicationScoped
public class VolumeLifecycle {

    private static final Logger LOG = Logger.getLogger(VolumeLifecycle.class);

    @Inject
    DriverCalls driver;
    @Inject
    Outbox outbox;
    @Inject
    TopicNames topics;
    @Inject
    MeterRegistry registry;
    @Inject
    ReplicationOnCreate replication;

    /** The driver's answer to a create, and the volume's replication when it is replicated (else null). */
    public record Created(ModelUpdate update, VolumeReplication replication) {
    }

    /** Creates the volume on the array, replicating it if its settings say so; null when it was created before. */
    public Uni<Driven<Created>> create(CreateVolumeOnBackend command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        VolumeSpec spec = new VolumeSpec(command.volumeId(), command.size(), location.pool(), command.extraSpecs());
        return find(command.volumeId()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("volume %s: already on %s (%s), create not repeated", existing.id, existing.host,
                        existing.status.value());
                return Uni.createFrom().nullItem();
            }
            LOG.infof("volume %s: creating on %s", command.volumeId(), location);
            return driver.call(() -> {
                var settings = replication.settings(command, backend);
                ModelUpdate update = backend.driver().createVolume(spec);
                return new Created(update, settings.map(s -> replication.enable(command, backend, s)).orElse(null));
            });
        });
    }

    /**
     * Creates many volumes of one backend with one driver call (and one replication call per target for those
     * replicated alone; a group's volumes are created one by one, as {@link #create}): one answer per command, in
     * order, null for a volume created before. Runs outside any transaction.
     */
    public Uni<List<Driven<Created>>> createAll(List<CreateVolumeOnBackend> commands, Backend backend) {
        List<String> ids = commands.stream().map(CreateVolumeOnBackend::volumeId).toList();
        return Panache.withSession(() -> Volume.<Volume>list("id in ?1", ids)).flatMap(existing -> {
            Set<String> before = new HashSet<>();
            existing.forEach(volume -> before.add(volume.id));
            LOG.infof("%d volumes: creating on %s in one batch (%d created before)", commands.size() - before.size(),
                    backend.name(), before.size());
            return driver.run(() -> createAll(commands, backend, before));
        });
    }

    /** On a worker: the driver calls of {@link #createAll}. */
    private List<Driven<Created>> createAll(List<CreateVolumeOnBackend> commands, Backend backend,
            Set<String> before) {
        List<Driven<Created>> answers = new ArrayList<>(Collections.nCopies(commands.size(), null));
        List<Integer> batch = new ArrayList<>();
        List<Optional<ReplicationSettings>> settings = new ArrayList<>(Collections.nCopies(commands.size(), null));
        for (int i = 0; i < commands.size(); i++) {
            CreateVolumeOnBackend command = commands.get(i);
            if (before.contains(command.volumeId())) {
                continue;
            }
            try {
                Optional<ReplicationSettings> these = replication.settings(command, backend);
                if (these.isPresent() && these.get().scope().value() == ReplicationScope.GROUP) {
                    answers.set(i, createOne(command, backend, these));
                    continue;
                }
                settings.set(i, these);
                batch.add(i);
            } catch (VolumeDriverException e) {
                answers.set(i, Driven.failed(e.getMessage()));
            }
        }
        if (batch.isEmpty()) {
            return answers;
        }
        List<CreatedVolume> created;
        try {
            created = backend.driver().createVolumes(batch.stream().map(i -> spec(commands.get(i))).toList());
        } catch (VolumeDriverException e) {
            // The array refused the call as a whole: each create fails, as one alone does.
            batch.forEach(i -> answers.set(i, Driven.failed(e.getMessage())));
            return answers;
        }
        List<Integer> replicated = new ArrayList<>();
        for (int n = 0; n < batch.size(); n++) {
            int i = batch.get(n);
            CreatedVolume volume = created.get(n);
            if (volume.error() != null) {
                answers.set(i, Driven.failed(volume.error()));
            } else if (settings.get(i).isEmpty()) {
                answers.set(i, Driven.ok(new Created(volume.update(), null)));
            } else {
                answers.set(i, Driven.ok(new Created(volume.update(), null)));
                replicated.add(i);
            }
        }
        if (replicated.isEmpty()) {
            return answers;
        }
        List<ReplicationOnCreate.Enabled> enabled = replication.enableAll(
                replicated.stream().map(commands::get).toList(), backend,
                replicated.stream().map(i -> settings.get(i).orElseThrow()).toList());
        for (int n = 0; n < replicated.size(); n++) {
            int i = replicated.get(n);
            ReplicationOnCreate.Enabled volume = enabled.get(n);
            // Not replicated as asked: the create fails as a whole, as one created alone does.
            answers.set(i, volume.failure() != null ? Driven.failed(volume.failure())
                    : Driven.ok(new Created(answers.get(i).result().update(), volume.replication())));
        }
        return answers;
    }

    /** On a worker: one volume created and its replication started, as {@link #create} does. */
    private Driven<Created> createOne(CreateVolumeOnBackend command, Backend backend,
            Optional<ReplicationSettings> settings) {
        try {
            ModelUpdate update = backend.driver().createVolume(spec(command));
            return Driven.ok(new Created(update, settings.map(s -> replication.enable(command, backend, s))
                    .orElse(null)));
        } catch (VolumeDriverException e) {
            return Driven.failed(e.getMessage());
        }
    }

    private static VolumeSpec spec(CreateVolumeOnBackend command) {
        return new VolumeSpec(command.volumeId(), command.size(), VolumeHost.parse(command.host()).pool(),
                command.extraSpecs());
    }

    public Uni<Void> recordCreate(CreateVolumeOnBackend command, Backend backend, Driven<Created> created) {
        if (created == null) {
            return Uni.createFrom().voidItem();
        }
        VolumeHost location = VolumeHost.parse(command.host());
        return created.succeeded() ? recordCreated(command, location, created.result())
                : recordCreateFailed(command, location, created.failure());
    }

    /** Grows the volume through the driver; the driver call is idempotent, so a repeated command is harmless. */
    public Uni<Driven<Void>> extend(ExtendVolume command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        return find(command.volumeId()).flatMap(volume -> {
            if (volume == null) {
                return Uni.createFrom().item(Driven.<Void>failed("volume " + command.volumeId()
                        + " is not on backend " + location.backendHost()));
            }
            VolumeSpec spec = new VolumeSpec(command.volumeId(), volume.sizeGb, location.pool(), Map.of());
            LOG.infof("volume %s: extending on %s from %d to %d GB", command.volumeId(), location, volume.sizeGb,
                    command.newSize());
            return driver.call(() -> {
                backend.driver().extendVolume(spec, command.newSize());
                return null;
            });
        });
    }

    public Uni<Void> recordExtend(ExtendVolume command, Backend backend, Driven<Void> extended) {
        VolumeHost location = VolumeHost.parse(command.host());
        return Volume.<Volume>findById(command.volumeId()).flatMap(volume -> {
            if (!extended.succeeded() || volume == null) {
                String reason = extended.succeeded() ? "volume " + command.volumeId() + " is not on backend "
                        + location.backendHost() : extended.failure();
                LOG.warnf("volume %s: extend failed on %s: %s", command.volumeId(), location, reason);
                registry.counter("volumes.extend.failures", "backend", location.backend()).increment();
                mark(volume, VolumeStatus.ERROR_EXTENDING);
                return outbox.add(topics.volumeEvents(), new VolumeExtendFailed(command.volumeId(), reason))
                        .replaceWithVoid();
            }
            volume.sizeGb = command.newSize();
            mark(volume, VolumeStatus.AVAILABLE);
            return outbox.add(topics.volumeEvents(), new VolumeExtended(command.volumeId(), command.newSize()))
                    .invoke(() -> LOG.infof("volume %s: extended on %s to %d GB", command.volumeId(), location,
                            command.newSize()))
                    .replaceWithVoid();
        });
    }

    /** Deletes the volume (and its replica) from the array; deleting one that is not there succeeds. */
    public Uni<Driven<Void>> delete(DeleteVolume command, Backend backend) {
        VolumeHost location = VolumeHost.parse(command.host());
        return find(command.volumeId()).flatMap(volume -> {
            VolumeSpec spec = new VolumeSpec(command.volumeId(), volume == null ? 0 : volume.sizeGb,
                    location.pool(), Map.of());
            boolean replicated = volume != null && volume.replicationStatus != null;
            return driver.call(() -> {
                if (replicated) {
                    backend.replication().ifPresent(r -> r.deleteReplica(command.volumeId()));
                }
                backend.driver().deleteVolume(spec);
                return null;
            });
        });
    }

    /** Forgets the deleted volume and announces it, or marks it error_deleting and announces why. */
    public Uni<Void> recordDelete(DeleteVolume command, Backend backend, Driven<Void> deleted) {
        VolumeHost location = VolumeHost.parse(command.host());
        return Volume.<Volume>findById(command.volumeId()).flatMap(volume -> {
            if (!deleted.succeeded()) {
                LOG.warnf("volume %s: delete failed on %s: %s", command.volumeId(), location, deleted.failure());
                mark(volume, VolumeStatus.ERROR_DELETING);
                return outbox.add(topics.volumeEvents(),
                        new VolumeDeleteFailed(command.volumeId(), deleted.failure())).replaceWithVoid();
            }
            return (volume == null ? Uni.createFrom().voidItem() : volume.delete())
                    .flatMap(v -> outbox.add(topics.volumeEvents(), new VolumeDeleted(command.volumeId())))
                    .invoke(() -> {
                        LOG.infof("volume %s: deleted from %s", command.volumeId(), location);
                        registry.counter("volumes.deleted", "backend", location.backend()).increment();
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<Void> recordCreated(CreateVolumeOnBackend command, VolumeHost location, Created created) {
        Volume volume = newVolume(command, location, VolumeStatus.AVAILABLE);
        volume.providerId = created.update().providerId();
        VolumeReplication replicated = created.replication();
        if (replicated != null) {
            volume.replicationStatus = replicated.status();
            volume.replicationMode = replicated.mode().value();
            volume.replicationTarget = replicated.target();
            volume.replicationSyncTopology = replicated.syncTopology() == null ? null
                    : replicated.syncTopology().value();
            volume.replicationMediator = replicated.mediator();
            volume.replicationRpoSeconds = replicated.rpoSeconds();
            volume.replicationGroupId = replicated.scope() == ReplicationScope.GROUP ? command.groupId() : null;
        }
        // Replication first: the API makes the volume available on volume.created, and a client that acts on
        // "available" must find it replicated already. Both are keyed by the volume, so they arrive in this order.
        return volume.persist()
                .flatMap(v -> replicated == null ? Uni.createFrom().voidItem()
                        : outbox.add(topics.volumeEvents(),
                                new ReplicationEnabled(command.volumeId(), command.host(), replicated, null,
                                        command.groupId()))
                                .invoke(() -> LOG.infof("volume %s: replicating %s to %s", command.volumeId(),
                                        replicated.mode().value(), replicated.target()))
                                .replaceWithVoid())
                .flatMap(v -> outbox.add(topics.volumeEvents(), new VolumeCreated(command.volumeId(), command.host(),
                        created.update().providerId(), command.size())))
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
        return newVolume(command, location, VolumeStatus.ERROR).persist()
                .flatMap(v -> outbox.add(topics.volumeEvents(),
                        new VolumeCreateFailed(command.volumeId(), command.host(), reason)))
                .replaceWithVoid();
    }

    private static Volume newVolume(CreateVolumeOnBackend command, VolumeHost location, VolumeStatus status) {
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

    private static void mark(Volume volume, VolumeStatus status) {
        if (volume != null) {
            volume.status = status;
            volume.updatedAt = Instant.now();
        }
    }

    /** The volume as it is before a driver call: read in a session of its own, which holds no transaction. */
    private static Uni<Volume> find(String id) {
        return Panache.withSession(() -> Volume.<Volume>findById(id));
    }
}
