package org.replication.v3.scheduler.placement.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
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

    /** A poll's requests placed in one transaction (each once, with its inbox row), not one transaction each. */
    @Incoming(Channels.SCHEDULER_COMMANDS_IN)
    public Uni<Void> onCommands(KafkaRecordBatch<String, String> records) {
        return dispatcher.dispatchBatch(records, routes);
    }
}
