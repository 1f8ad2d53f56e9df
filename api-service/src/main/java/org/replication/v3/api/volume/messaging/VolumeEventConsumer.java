package org.replication.v3.api.volume.messaging;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventDispatcher;
import org.replication.v3.common.messaging.Routes;

/**
 * Reads what happens to volumes elsewhere: the backends' events and the scheduler's placement failures, applied by
 * the volume, group and replication handlers ({@link VolumeEventRoutes}). This service's own announcements
 * (attached, detached, status reset) come back on the topic it shares with the backends; having no route, they are
 * skipped. A record that cannot be read goes to the topic's dead-letter topic and the stream goes on.
 */
@ApplicationScoped
public class VolumeEventConsumer {

    private final EventDispatcher dispatcher;
    private final Routes routes;

    public VolumeEventConsumer(EventDispatcher dispatcher, @All List<VolumeEventRoutes> handlers) {
        this.dispatcher = dispatcher;
        Routes table = Routes.routes();
        for (VolumeEventRoutes handler : handlers) {
            table = handler.routes(table);
        }
        this.routes = table;
    }

    /** A poll's events applied in one transaction (each once, with its inbox row), not one transaction each. */
    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onVolumeEvents(KafkaRecordBatch<String, String> records) {
        return dispatcher.dispatchBatch(records, routes);
    }

    @Incoming(Channels.SCHEDULER_EVENTS_IN)
    public Uni<Void> onSchedulerEvent(String record) {
        return dispatcher.dispatch(record, routes);
    }
}
