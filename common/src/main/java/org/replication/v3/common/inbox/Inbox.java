package org.replication.v3.common.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.outbox.OutboxRelay;

/**
 * Applies each incoming message at most once: the message id is recorded in the same transaction as the
 * work it causes, so a redelivery after a crash (or a duplicate from an outbox relay) is skipped.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final String RECORD = "insert into processed_message (consumer, message_id, processed_at) "
            + "values (?1, ?2, now()) on conflict do nothing";

    private static final String APPLIED = "select 1 from processed_message where consumer = ?1 and message_id = ?2";
    private static final String APPLIED_ANY = "select message_id from processed_message where consumer = ?1"
            + " and message_id in (?2)";

    private final String consumer;
    private final OutboxRelay relay;

    public Inbox(@ConfigProperty(name = "quarkus.application.name") String consumer, OutboxRelay relay) {
        this.consumer = consumer;
        this.relay = relay;
    }

    /**
     * Whether {@code message} was applied before: checked, in a session of its own, before work that runs outside
     * the inbox transaction (a driver call), so that a redelivery does not repeat it.
     */
    public Uni<Boolean> applied(EventEnvelope message) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(APPLIED)
                        .setParameter(1, consumer)
                        .setParameter(2, message.id())
                        .getResultList()))
                .map(rows -> !rows.isEmpty());
    }

    /** Which of {@code messages} were applied before (their ids), read in one query as {@link #applied} reads one. */
    public Uni<Set<String>> appliedIds(List<EventEnvelope> messages) {
        List<String> ids = messages.stream().map(EventEnvelope::id).toList();
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        APPLIED_ANY, String.class)
                        .setParameter(1, consumer)
                        .setParameter(2, ids)
                        .getResultList()))
                .map(Set::copyOf);
    }

    /**
     * Runs each message's work, unless it ran before, with the record of every message in one transaction: a batch
     * is applied whole or not at all. {@code work} is given the message's index in {@code messages}.
     */
    public Uni<Void> applyAllOnce(List<EventEnvelope> messages, IntFunction<Uni<Void>> work) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < messages.size(); i++) {
                        int index = i;
                        EventEnvelope message = messages.get(i);
                        chain = chain.flatMap(v -> session.createNativeQuery(RECORD)
                                .setParameter(1, consumer)
                                .setParameter(2, message.id())
                                .executeUpdate()
                                .flatMap(inserted -> {
                                    if (inserted == 0) {
                                        LOG.debugf("message %s (%s, subject %s) was applied before; skipped",
                                                message.id(), message.type(), message.subject());
                                        return Uni.createFrom().voidItem();
                                    }
                                    // Flushed and let go after each message: every later query of the run
                                    // flushes first, and Hibernate dirty-checks every entity the session holds,
                                    // so a session kept whole costs the square of the run's length.
                                    return work.apply(index).call(session::flush).invoke(session::clear);
                                }));
                    }
                    return chain;
                }))
                .invoke(relay::wake)
                .onFailure().invoke(failure -> LOG.warnf(failure, "%d messages not applied: %s", messages.size(),
                        failure.getMessage()));
    }

    /** Runs {@code work} in one transaction with the record of {@code message}, unless it ran before. */
    public Uni<Void> applyOnce(EventEnvelope message, Supplier<Uni<Void>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(RECORD)
                                .setParameter(1, consumer)
                                .setParameter(2, message.id())
                                .executeUpdate())
                        .flatMap(inserted -> {
                            if (inserted == 0) {
                                LOG.debugf("message %s (%s, subject %s) was applied before; skipped",
                                        message.id(), message.type(), message.subject());
                                return Uni.createFrom().voidItem();
                            }
                            return work.get();
                        }))
                .invoke(relay::wake)
                .onFailure().invoke(failure -> LOG.warnf(failure, "message %s (%s, subject %s) not applied: %s",
                        message.id(), message.type(), message.subject(), failure.getMessage()));
    }
}
