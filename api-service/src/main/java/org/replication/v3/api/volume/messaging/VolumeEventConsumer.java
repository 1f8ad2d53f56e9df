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
import org.replication.v3.api.replication.service.VolumeReplicationHandler;

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
    private final VolumeReplicationHandler replication;

    public VolumeEventConsumer(EventCodec codec, VolumeEventHandler handler, ConsumerRetry retry,
            GroupEventHandler groups, VolumeReplicationHandler replication) {
        this.codec = codec;
        this.handler = handler;
        this.retry = retry;
        this.groups = groups;
        this.replication = replication;
    }

    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onVolumeEvent(String record) {
        return retry.run(() -> dispatch(codec.decode(record)));
    }

    @Incoming(Channels.SCHEDULER_EVENTS_IN)
    public Uni<Void> onSchedulerEvent(String record) {
        return retry.run(() -> dispatch(codec.decode(record)));
    }

    /** Group and replication events share the volume topics; their own handlers apply them. */
    private Uni<Void> dispatch(EventEnvelope event) {
        if (replication.handles(event.type())) {
            return replication.apply(event);
        }
        return groups.handles(event.type()) ? groups.apply(event) : handler.apply(event);
    }
}
