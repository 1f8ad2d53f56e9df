package org.replication.v3.volume.lifecycle.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.EventTypes;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.volume.assignment.repository.WaitingCommands;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.crosscloud.service.ReplicaExports;
import org.replication.v3.volume.crosscloud.service.ReplicaImports;
import org.replication.v3.volume.group.service.GroupLifecycle;
import org.replication.v3.volume.group.service.GroupMembership;
import org.replication.v3.volume.group.service.GroupReplicationSwitch;
import org.replication.v3.volume.lifecycle.service.VolumeLifecycle;
import org.replication.v3.volume.replication.service.SwitchWorker;
import org.replication.v3.volume.replication.service.VolumeSwitching;

/**
 * Reads volume and group commands and applies those addressed to a backend this service hosts, each exactly once
 * (every host reads every command; {@link Backends#hosting} is the one test of "mine"). A switch (failover,
 * failback, reprotect), which can take minutes, is only recorded here and runs as tracked work
 * ({@link SwitchWorker}, woken once the record is committed), so no record waits on it.
 *
 * <p>Every instance of the host reads every command (a consumer group each), but only the one holding a backend's
 * lease acts for it. A switch is recorded by whichever instance reads it first (the switch work and the inbox are
 * shared) and run by the holder's worker. Any other command for a backend this instance does not hold now is not
 * applied but kept ({@code waiting_command}) unless the shared inbox shows it applied already: its holder applies
 * its own copy, and if the holder dies first, whoever claims the backend applies the kept one. It is not waited for
 * here: a consumer blocked on one partition's command while its peer is blocked on another's would never resume.
 */
@ApplicationScoped
public class VolumeCommandConsumer {

    private static final Logger LOG = Logger.getLogger(VolumeCommandConsumer.class);

    @Inject
    EventDispatcher dispatcher;
    @Inject
    Backends backends;
    @Inject
    VolumeLifecycle volumes;
    @Inject
    GroupLifecycle groups;
    @Inject
    GroupMembership membership;
    @Inject
    GroupReplicationSwitch groupReplication;
    @Inject
    VolumeSwitching switching;
    @Inject
    SwitchWorker switchWorker;
    @Inject
    ReplicaExports exports;
    @Inject
    ReplicaImports imports;

    @Inject
    EventCodec codec;
    @Inject
    Inbox inbox;
    @Inject
    WaitingCommands waiting;
    @ConfigProperty(name = "volume.instance")
    String instance;

    private Routes routes;
    /** The backend host of each command type applied here by a driver call: what the lease gate looks at. */
    private final Map<String, Function<EventEnvelope, String>> hostOf = new HashMap<>();

    @PostConstruct
    void routes() {
        // Driver calls run outside the inbox transaction (onceCalling); only a switch is recorded first and run
        // by its backend's worker, which is woken once the record is committed.
        routes = Routes.routes()
                .onceCalling(CreateVolumeOnBackend.class, c -> backends.hosting(c.host()), volumes::create,
                        volumes::recordCreate)
                .onceCalling(ExtendVolume.class, c -> backends.hosting(c.host()), volumes::extend,
                        volumes::recordExtend)
                .onceCalling(DeleteVolume.class, c -> backends.hosting(c.host()), volumes::delete,
                        volumes::recordDelete)
                .onceCalling(CreateGroupOnBackend.class, c -> backends.hosting(c.host()), groups::create,
                        groups::recordCreate)
                .onceCalling(UpdateGroupOnBackend.class, c -> backends.hosting(c.host()), membership::update,
                        membership::record)
                .onceCalling(DeleteGroup.class, c -> backends.hosting(c.host()), groups::delete,
                        groups::recordDelete)
                .onceCalling(ChangeGroupReplication.class, c -> backends.hosting(c.host()),
                        groupReplication::change, groupReplication::record)
                .onceCalling(ExportReplicas.class, c -> backends.hosting(c.host()), exports::export,
                        exports::record, exports::forgetCleared)
                .onceCalling(ImportReplicas.class, c -> backends.hosting(c.host()), imports::check,
                        imports::record)
                .once(SwitchVolumes.class, c -> backends.hosting(c.host()), switching::accept,
                        (command, backend) -> switchWorker.wake(backend));
        gated(CreateVolumeOnBackend.class, CreateVolumeOnBackend::host);
        gated(ExtendVolume.class, ExtendVolume::host);
        gated(DeleteVolume.class, DeleteVolume::host);
        gated(CreateGroupOnBackend.class, CreateGroupOnBackend::host);
        gated(UpdateGroupOnBackend.class, UpdateGroupOnBackend::host);
        gated(DeleteGroup.class, DeleteGroup::host);
        gated(ChangeGroupReplication.class, ChangeGroupReplication::host);
        gated(ExportReplicas.class, ExportReplicas::host);
        gated(ImportReplicas.class, ImportReplicas::host);
    }

    private <T extends DomainEvent> void gated(Class<T> kind, Function<T, String> host) {
        hostOf.put(EventTypes.typeOf(kind), envelope -> host.apply(codec.data(envelope, kind)));
    }

    @Incoming(Channels.VOLUME_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        return Uni.createFrom().deferred(() -> {
            Optional<Backend> notHeld = notHeld(record);
            if (notHeld.isEmpty()) {
                return dispatcher.dispatch(record, routes);
            }
            EventEnvelope envelope = codec.decode(record);
            String key = backends.key(notHeld.get().name());
            return inbox.applied(envelope).chain(applied -> {
                if (applied) {
                    return Uni.createFrom().voidItem();
                }
                return Panache.withTransaction(() -> waiting.add(envelope.id(), key, record))
                        .invoke(() -> LOG.debugf("%s %s for %s: instance %s does not hold the backend's lease; kept"
                                + " until its holder applies it", envelope.type(), envelope.id(), key, instance));
            });
        });
    }

    /**
     * Applies a command kept while this instance did not hold its backend, now that it does (the inbox skips it
     * if the previous holder applied it meanwhile).
     */
    public Uni<Void> replay(String record) {
        return dispatcher.dispatch(record, routes);
    }

    /** The hosted backend of a command applied by a driver call, when this instance does not hold its lease now. */
    private Optional<Backend> notHeld(String record) {
        EventEnvelope envelope;
        try {
            envelope = codec.decode(record);
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // the dispatcher dead-letters it
        }
        Function<EventEnvelope, String> host = hostOf.get(envelope.type());
        if (host == null) {
            return Optional.empty();
        }
        return backends.hosting(host.apply(envelope)).filter(backend -> !backends.owns(backend));
    }
}
