package org.replication.v3.replication.capability;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;

/** Stores each backend's latest capability report; a report replaces the last one, so no inbox is needed. */
@ApplicationScoped
public class CapabilityConsumer {

    private final EventCodec codec;
    private final ConsumerRetry retry;
    private final CapabilityReports reports;

    public CapabilityConsumer(EventCodec codec, ConsumerRetry retry, CapabilityReports reports) {
        this.codec = codec;
        this.retry = retry;
        this.reports = reports;
    }

    @Incoming(Channels.CAPABILITIES_IN)
    public Uni<Void> onReport(String record) {
        EventEnvelope event = codec.decode(record);
        if (!BackendCapabilities.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        BackendCapabilities report = codec.data(event, BackendCapabilities.class);
        return retry.run(() -> Panache.withTransaction(() -> reports.apply(report)));
    }
}
