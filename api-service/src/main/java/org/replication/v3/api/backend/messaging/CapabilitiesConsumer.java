package org.replication.v3.api.backend.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.replication.v3.api.backend.repository.BackendRepository;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.messaging.MalformedEventException;

/**
 * Keeps the latest capability report of each backend. Reports are whole snapshots, so no inbox is needed: applying
 * one twice, or an older one after a newer, changes nothing.
 */
@ApplicationScoped
public class CapabilitiesConsumer {

    private static final Logger LOG = Logger.getLogger(CapabilitiesConsumer.class);

    private final EventCodec codec;
    private final BackendRepository backends;
    private final ConsumerRetry retry;

    public CapabilitiesConsumer(EventCodec codec, BackendRepository backends, ConsumerRetry retry) {
        this.codec = codec;
        this.backends = backends;
        this.retry = retry;
    }

    @Incoming(Channels.CAPABILITIES_IN)
    public Uni<Void> onReport(String record) {
        return retry.run(() -> {
            EventEnvelope event = codec.decode(record);
            if (!BackendCapabilities.TYPE.equals(event.type())) {
                LOG.warnf("event %s of unknown type %s (subject %s) skipped", event.id(), event.type(), event.subject());
                return Uni.createFrom().voidItem();
            }
            BackendCapabilities report = codec.data(event, BackendCapabilities.class);
            if (report.host() == null || report.reportedAt() == null) {
                throw new MalformedEventException("capability report " + event.id() + " without host or time", null);
            }
            return backends.saveIfNewer(report)
                    .invoke(stored -> LOG.debugf("backend %s: report of %s %s", report.host(), report.reportedAt(),
                            stored ? "stored" : "older than the stored one; skipped"))
                    .replaceWithVoid();
        });
    }
}
