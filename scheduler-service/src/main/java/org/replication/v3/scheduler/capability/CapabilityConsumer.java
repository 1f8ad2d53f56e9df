package org.replication.v3.scheduler.capability;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;

/** Keeps {@link CapabilityView} current from the backends' reports; a report is an upsert, so no inbox. */
@ApplicationScoped
public class CapabilityConsumer {

    private final EventCodec codec;
    private final CapabilityView view;

    public CapabilityConsumer(EventCodec codec, CapabilityView view) {
        this.codec = codec;
        this.view = view;
    }

    @Incoming(Channels.CAPABILITIES_IN)
    public Uni<Void> onReport(String record) {
        EventEnvelope event = codec.decode(record);
        if (!BackendCapabilities.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        BackendCapabilities report = codec.data(event, BackendCapabilities.class);
        return Panache.withTransaction(() -> view.apply(report));
    }
}
