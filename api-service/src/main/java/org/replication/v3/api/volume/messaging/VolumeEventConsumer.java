package org.replication.v3.api.volume.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.api.volume.service.VolumeEventHandler;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.api.group.service.GroupEventHandler;

/**
 * Reads what happens to volumes elsewhere: the backends' events and the scheduler's placement failures. A record
 * that cannot be read goes to the topic's dead-letter topic (channel failure strategy) and the stream goes on.
 */
@ApplicationScoped
public class VolumeEventConsumer {

    private final EventCodec codec;
    private final VolumeEventHandler handler;
    private final ConsumerRetry retry;
    private final GroupEventHandler groups;

    public VolumeEventConsumer(EventCodec codec, VolumeEventHandler handler, ConsumerRetry retry,
            GroupEventHandler groups) {
        this.codec = codec;
        this.handler = handler;
        this.retry = retry;
        this.groups = groups;
    }

    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onVolumeEvent(String record) {
        return retry.run(() -> dispatch(codec.decode(record)));
    }

    @Incoming(Channels.SCHEDULER_EVENTS_IN)
    public Uni<Void> onSchedulerEvent(String record) {
        return retry.run(() -> dispatch(codec.decode(record)));
    }

    /** Group events share the volume topics (keyed by group id); their own handler applies them. */
    private Uni<Void> dispatch(EventEnvelope event) {
        return groups.handles(event.type()) ? groups.apply(event) : handler.apply(event);
    }
}
