package org.replication.v3.volume.lifecycle.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.volume.backend.Backends;
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
 */
@ApplicationScoped
public class VolumeCommandConsumer {

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

    private Routes routes;

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
                .once(SwitchVolumes.class, c -> backends.hosting(c.host()), switching::accept,
                        (command, backend) -> switchWorker.wake(backend));
    }

    @Incoming(Channels.VOLUME_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
