package org.replication.v3.volume.lifecycle.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.group.service.GroupLifecycle;
import org.replication.v3.volume.group.service.GroupReplicationSwitch;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.volume.replication.service.SwitchWorker;
import org.replication.v3.volume.replication.service.VolumeSwitching;
import org.replication.v3.volume.lifecycle.service.VolumeLifecycle;

/**
 * Reads volume and group commands and applies those addressed to a backend this service hosts, each exactly once.
 * A record that cannot be read goes to the dead-letter topic at once; any other failure is retried first
 * (the driver calls are idempotent), and the stream goes on. A switch (failover, failback, reprotect), which can
 * take minutes, is only recorded here and runs as tracked work ({@link SwitchWorker}), so no record waits on it.
 */
@ApplicationScoped
public class VolumeCommandConsumer {

    private static final Logger LOG = Logger.getLogger(VolumeCommandConsumer.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final Backends backends;
    private final VolumeLifecycle lifecycle;
    private final ConsumerRetry retry;
    private final VolumeSwitching volumeSwitching;
    private final GroupLifecycle groups;
    private final GroupReplicationSwitch groupReplication;
    private final SwitchWorker switchWorker;

    public VolumeCommandConsumer(EventCodec codec, Inbox inbox, Backends backends, VolumeLifecycle lifecycle,
            ConsumerRetry retry, GroupLifecycle groups, VolumeSwitching volumeSwitching,
            GroupReplicationSwitch groupReplication, SwitchWorker switchWorker) {
        this.codec = codec;
        this.inbox = inbox;
        this.backends = backends;
        this.lifecycle = lifecycle;
        this.retry = retry;
        this.groups = groups;
        this.volumeSwitching = volumeSwitching;
        this.groupReplication = groupReplication;
        this.switchWorker = switchWorker;
    }

    @Incoming(Channels.VOLUME_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        EventEnvelope command = codec.decode(record);
        switch (command.type()) {
            case CreateVolumeOnBackend.TYPE -> {
                CreateVolumeOnBackend create = codec.data(command, CreateVolumeOnBackend.class);
                return hosting(create.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> lifecycle.create(create, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case DeleteVolume.TYPE -> {
                DeleteVolume delete = codec.data(command, DeleteVolume.class);
                return hosting(delete.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> lifecycle.delete(delete, backend).replaceWithVoid())))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case CreateGroupOnBackend.TYPE -> {
                CreateGroupOnBackend create = codec.data(command, CreateGroupOnBackend.class);
                return hosting(create.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> groups.create(create, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case DeleteGroup.TYPE -> {
                DeleteGroup delete = codec.data(command, DeleteGroup.class);
                return hosting(delete.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> groups.delete(delete, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case UpdateGroupOnBackend.TYPE -> {
                UpdateGroupOnBackend update = codec.data(command, UpdateGroupOnBackend.class);
                return hosting(update.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> groups.update(update, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case ChangeGroupReplication.TYPE -> {
                ChangeGroupReplication change = codec.data(command, ChangeGroupReplication.class);
                return hosting(change.host())
                        .map(backend -> retry.run(() -> inbox.applyOnce(command,
                                () -> groupReplication.change(change, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case SwitchVolumes.TYPE -> {
                SwitchVolumes switching = codec.data(command, SwitchVolumes.class);
                // Recorded as tracked work and acknowledged at once; the backend's worker switches the volumes.
                return backends.hostingBackend(switching.host())
                        .map(backend -> retry.run(() -> inbox.applyOnce(command,
                                () -> volumeSwitching.accept(command, switching, backend)))
                                .invoke(() -> switchWorker.wake(backend)))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            case ExtendVolume.TYPE -> {
                ExtendVolume extend = codec.data(command, ExtendVolume.class);
                return hosting(extend.host())
                        .map(backend -> retry.run(
                                () -> inbox.applyOnce(command, () -> lifecycle.extend(extend, backend))))
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            default -> {
                LOG.debugf("command %s of type %s is not for volume-service; skipped", command.id(), command.type());
                return Uni.createFrom().voidItem();
            }
        }
    }

    private Optional<Backend> hosting(String host) {
        return backends.hosting(VolumeHost.parse(host));
    }
}
