package org.replication.v3.common.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The messages whose driver call runs in this process now. The inbox knows a message only once its record
     * commits, so a second copy arriving meanwhile (the volume-service replays a command another instance kept
     * while its own consumer still works on its copy) would call the driver for it at the same time: two deletes of
     * one volume, the second refused. That copy is skipped; the first one records the outcome.
     */
    private final Set<String> calling = ConcurrentHashMap.newKeySet();

    public EventDispatcher(EventCodec codec, Inbox inbox, ConsumerRetry retry) {
        this.codec = codec;
        this.inbox = inbox;
        this.retry = retry;
    }

    /**
     * For a consumer that calls a driver for several messages at once, outside {@link #dispatch}: claims the calls of
     * those no other copy is calling in this process now, and answers their ids. The claimed ones must be given back
     * with {@link #doneCalling} whatever the outcome; the others are being applied already and are skipped.
     */
    public Set<String> startCalling(Collection<String> ids) {
        Set<String> claimed = new LinkedHashSet<>();
        for (String id : ids) {
            if (calling.add(id)) {
                claimed.add(id);
            } else {
                LOG.infof("message %s is being applied here already; this copy is skipped", id);
            }
        }
        return claimed;
    }

    public void doneCalling(Collection<String> ids) {
        calling.removeAll(ids);
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

    /**
     * Applies a poll's records as {@link #dispatch} applies each, but a run of records whose routes apply once in the
     * inbox transaction (no driver call) is applied in one transaction for all, each record's work in order, each
     * with its inbox row: a batch of creates is one commit instead of one per record. Any other record, a record
     * that fails alone, or a run whose transaction fails (then applied record by record, with the usual retries) is
     * handled as {@link #dispatch} handles it, and dead-lettered on its own. The batch is acknowledged at the end.
     */
    public Uni<Void> dispatchBatch(KafkaRecordBatch<String, String> batch, Routes routes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<Pending<?, ?>> run = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            Pending<?, ?> pending = together(record, routes);
            if (pending != null) {
                run.add(pending);
                continue;
            }
            List<Pending<?, ?>> before = run;
            chain = chain.chain(() -> applyRun(before, routes)).chain(() -> alone(record, routes));
            run = new ArrayList<>();
        }
        List<Pending<?, ?>> last = run;
        return chain.chain(() -> applyRun(last, routes)).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** A record of a batch whose route applies it in the inbox transaction, decoded and addressed here. */
    private record Pending<T extends DomainEvent, A>(KafkaRecord<String, String> record, EventEnvelope envelope,
            Routes.Route<T, A> route, T data, A target) {

        Uni<Void> apply() {
            return route.apply().apply(data, target, envelope);
        }

        void afterCommit() {
            if (route.afterCommit() != null) {
                route.afterCommit().accept(data, target);
            }
        }
    }

    /** The record as a member of a run applied together, or null when it is applied alone. */
    private Pending<?, ?> together(KafkaRecord<String, String> record, Routes routes) {
        try {
            EventEnvelope envelope = codec.decode(record.getPayload());
            Routes.Route<?, ?> route = routes.route(envelope.type());
            if (route == null || !route.once() || route.call() != null) {
                return null;
            }
            return pending(record, envelope, route);
        } catch (RuntimeException unreadable) {
            return null; // dispatched alone, which dead-letters it
        }
    }

    private <T extends DomainEvent, A> Pending<T, A> pending(KafkaRecord<String, String> record,
            EventEnvelope envelope, Routes.Route<T, A> route) {
        T data = codec.data(envelope, route.kind());
        Optional<A> addressee = route.addressee().apply(data);
        return addressee.map(target -> new Pending<>(record, envelope, route, data, target)).orElse(null);
    }

    private Uni<Void> applyRun(List<Pending<?, ?>> run, Routes routes) {
        if (run.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (run.size() == 1) {
            return alone(run.get(0).record(), routes);
        }
        return inbox.applyAllOnce(run.stream().map(Pending::envelope).toList(), i -> run.get(i).apply())
                .invoke(() -> run.forEach(Pending::afterCommit))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("%d records applied together failed (%s); applied one by one", run.size(),
                            failure.getMessage());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Pending<?, ?> pending : run) {
                        chain = chain.chain(() -> alone(pending.record(), routes));
                    }
                    return chain;
                });
    }

    /** One record, as {@link #dispatch} applies it; dead-lettered on its own when it fails. */
    private Uni<Void> alone(KafkaRecord<String, String> record, Routes routes) {
        return dispatch(record.getPayload(), routes).onFailure().recoverWithUni(failure -> Uni.createFrom()
                .completionStage(record.nack(failure)));
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
        if (route.call() != null) {
            return Uni.createFrom().deferred(() -> {
                if (!calling.add(envelope.id())) {
                    LOG.infof("%s %s (subject %s) is being applied here already; this copy is skipped",
                            envelope.type(), envelope.id(), envelope.subject());
                    return Uni.createFrom().voidItem();
                }
                Uni<Void> called = retry.run(() -> inbox.applied(envelope).flatMap(before -> before
                        ? Uni.createFrom().voidItem()
                        : route.call().apply(data, target).flatMap(result -> inbox.applyOnce(envelope,
                                () -> route.record().apply(data, target, result)))));
                if (route.afterCommit() != null) {
                    called = called.invoke(() -> route.afterCommit().accept(data, target));
                }
                return called.eventually(() -> calling.remove(envelope.id()));
            });
        }
        Uni<Void> applied = retry.run(() -> inbox.applyOnce(envelope,
                () -> route.apply().apply(data, target, envelope)));
        return route.afterCommit() == null ? applied
                : applied.invoke(() -> route.afterCommit().accept(data, target));
    }
}
