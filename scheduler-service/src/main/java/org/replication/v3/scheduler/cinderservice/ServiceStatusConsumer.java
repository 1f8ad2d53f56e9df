package org.replication.v3.scheduler.cinderservice;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;

/**
 * Keeps {@link ServiceStatusView} current from the operators' settings of volume services. Each change is a
 * whole snapshot and the newest wins, so no inbox is needed.
 */
@ApplicationScoped
public class ServiceStatusConsumer {

    private final EventCodec codec;
    private final ServiceStatusView view;
    private final ConsumerRetry retry;

    public ServiceStatusConsumer(EventCodec codec, ServiceStatusView view, ConsumerRetry retry) {
        this.codec = codec;
        this.view = view;
        this.retry = retry;
    }

    @Incoming(Channels.SERVICE_EVENTS_IN)
    public Uni<Void> onChange(String record) {
        return retry.run(() -> {
            EventEnvelope event = codec.decode(record);
            if (!ServiceStatusChanged.TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            ServiceStatusChanged change = codec.data(event, ServiceStatusChanged.class);
            if (change.host() == null || change.changedAt() == null) {
                throw new MalformedEventException("service change " + event.id() + " without host or time", null);
            }
            if (!ServiceBinary.VOLUME.equals(change.binary())) {
                return Uni.createFrom().voidItem();
            }
            return Panache.withTransaction(() -> view.apply(change));
        });
    }
}
