package org.replication.v3.common.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.replication.v3.common.inbox.Inbox;

/**
 * Every consumer's way in: decodes a record, routes it by its versioned type, and applies it under the one
 * failure policy. A record that cannot be read, or whose type no version of this build knows (a newer producer's
 * {@code .v2}, say), is logged and fails at once, so the channel moves it to the dead-letter topic where it can be
 * replayed after an upgrade; a known type this consumer has no route for belongs to another service and is skipped.
 * Any other failure is retried ({@link ConsumerRetry}), and a route applied once records the message in the inbox
 * in the same transaction as its work.
 */
@ApplicationScoped
public class EventDispatcher {

    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);

    private final EventCodec codec;
    private final Inbox inbox;
    private final ConsumerRetry retry;

    public EventDispatcher(EventCodec codec, Inbox inbox, ConsumerRetry retry) {
        this.codec = codec;
        this.inbox = inbox;
        this.retry = retry;
    }

    public Uni<Void> dispatch(String record, Routes routes) {
        return Uni.createFrom().deferred(() -> {
            EventEnvelope envelope;
            try {
                envelope = codec.decode(record);
            } catch (MalformedEventException e) {
                LOG.warnf("unreadable record dead-lettered: %s", e.getMessage());
                throw e;
            }
            Routes.Route<?, ?> route = routes.route(envelope.type());
            if (route == null) {
                return skip(envelope);
            }
            return deliver(route, envelope);
        });
    }

    private Uni<Void> skip(EventEnvelope envelope) {
        if (EventTypes.known(envelope.type())) {
            LOG.debugf("%s %s (subject %s) is for another service; skipped", envelope.type(), envelope.id(),
                    envelope.subject());
            return Uni.createFrom().voidItem();
        }
        LOG.warnf("%s %s (subject %s, from %s) is a type this build does not know; dead-lettered for replay"
                + " after an upgrade", envelope.type(), envelope.id(), envelope.subject(), envelope.source());
        throw new MalformedEventException("unknown event type " + envelope.type() + " (" + envelope.id() + ")",
                null);
    }

    private <T extends DomainEvent, A> Uni<Void> deliver(Routes.Route<T, A> route, EventEnvelope envelope) {
        T data = codec.data(envelope, route.kind());
        Optional<A> addressee = route.addressee().apply(data);
        if (addressee.isEmpty()) {
            LOG.debugf("%s %s (subject %s) is not addressed here; skipped", envelope.type(), envelope.id(),
                    envelope.subject());
            return Uni.createFrom().voidItem();
        }
        A target = addressee.get();
        if (!route.once()) {
            return retry.run(() -> route.apply().apply(data, target, envelope));
        }
        Uni<Void> applied = route.call() != null
                ? retry.run(() -> inbox.applied(envelope).flatMap(before -> before ? Uni.createFrom().voidItem()
                        : route.call().apply(data, target).flatMap(result -> inbox.applyOnce(envelope,
                                () -> route.record().apply(data, target, result)))))
                : retry.run(() -> inbox.applyOnce(envelope, () -> route.apply().apply(data, target, envelope)));
        return route.afterCommit() == null ? applied
                : applied.invoke(() -> route.afterCommit().accept(data, target));
    }
}
