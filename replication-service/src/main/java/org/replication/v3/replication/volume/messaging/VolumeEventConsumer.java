package org.replication.v3.replication.volume.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.replication.operation.service.AutomaticFailover;
import org.replication.v3.replication.operation.service.FailoverOperations;
import org.replication.v3.replication.volume.service.ReplicatedVolumeView;

/**
 * The volume-service's events, each applied once: replication and group changes keep the view of replicated
 * volumes (a cross-cloud export with clear_existing removes them from it), switch results settle their operations, and mediator decisions feed the automatic failover.
 */
@ApplicationScoped
public class VolumeEventConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public VolumeEventConsumer(EventDispatcher dispatcher, ReplicatedVolumeView view, FailoverOperations operations,
            AutomaticFailover automatic) {
        this.dispatcher = dispatcher;
        this.routes = Routes.routes()
                .once(ReplicationEnabled.class, view::replicated)
                .once(VolumeDeleted.class, view::deleted)
                .once(ReplicasExported.class, view::exported)
                .once(GroupReplicationChanged.class, view::groupReplicationChanged)
                .once(GroupMembershipChanged.class, view::membershipChanged)
                .once(VolumesSwitched.class, operations::apply)
                .once(MediatorDecided.class, (MediatorDecided d) -> automatic.decided(d))
                .once(MediatorDecidedV2.class, (MediatorDecidedV2 d) -> automatic.decided(d));
    }

    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onEvent(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
