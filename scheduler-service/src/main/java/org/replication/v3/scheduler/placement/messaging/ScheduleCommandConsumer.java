package org.replication.v3.scheduler.placement.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.scheduler.placement.service.Scheduling;

/** Requests to place a volume or a group, each placed once. */
@ApplicationScoped
public class ScheduleCommandConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public ScheduleCommandConsumer(EventDispatcher dispatcher, Scheduling scheduling) {
        this.dispatcher = dispatcher;
        this.routes = Routes.routes()
                .once(ScheduleVolumeCreate.class, scheduling::scheduleVolume)
                .once(ScheduleGroupCreate.class, scheduling::scheduleGroup);
    }

    @Incoming(Channels.SCHEDULER_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
