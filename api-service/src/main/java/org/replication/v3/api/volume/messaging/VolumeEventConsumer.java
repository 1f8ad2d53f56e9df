package org.replication.v3.api.volume.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.api.volume.service.VolumeEventHandler;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;

/**
 * Reads what happens to volumes elsewhere: the backends' events and the scheduler's placement failures. A record
 * that cannot be read goes to the topic's dead-letter topic (channel failure strategy) and the stream goes on.
 */
@ApplicationScoped
public class VolumeEventConsumer {

    private final EventCodec codec;
    private final VolumeEventHandler handler;
    private final ConsumerRetry retry;

    public VolumeEventConsumer(EventCodec codec, VolumeEventHandler handler, ConsumerRetry retry) {
        this.codec = codec;
        this.handler = handler;
        this.retry = retry;
    }

    @Incoming(Channels.VOLUME_EVENTS_IN)
    public Uni<Void> onVolumeEvent(String record) {
        return retry.run(() -> handler.apply(codec.decode(record)));
    }

    @Incoming(Channels.SCHEDULER_EVENTS_IN)
    public Uni<Void> onSchedulerEvent(String record) {
        return retry.run(() -> handler.apply(codec.decode(record)));
    }
}
