package org.replication.v3.common.messaging;

import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What one consumer does with each record type it reads: the table {@link EventDispatcher} routes by. A route is
 * either applied once (the inbox records the message in the handler's transaction, so a redelivery is skipped) or
 * a snapshot where the newest wins (heartbeats, capability reports), applied without an inbox.
 */
public final class Routes {

    /** A handler that needs the envelope too (its id, time or subject). */
    @FunctionalInterface
    public interface Handler<T> {
        Uni<Void> apply(T data, EventEnvelope envelope);
    }

    private final Map<String, Route<?, ?>> byType = new LinkedHashMap<>();

    private Routes() {
    }

    public static Routes routes() {
        return new Routes();
    }

    /** Applies each record of {@code kind} at most once, in one transaction with its inbox row. */
    public <T extends DomainEvent> Routes once(Class<T> kind, Function<T, Uni<Void>> apply) {
        return once(kind, (data, envelope) -> apply.apply(data));
    }

    /** As {@link #once(Class, Function)}, for a handler that needs the envelope. */
    public <T extends DomainEvent> Routes once(Class<T> kind, Handler<T> apply) {
        return add(kind, new Route<T, T>(kind, true, Optional::of, (data, self, envelope) -> apply.apply(data, envelope),
                null));
    }

    /**
     * Applies a record at most once if it is addressed to this instance: {@code addressee} finds what it is for here
     * (a hosted backend, say); when it finds nothing the record is someone else's and is skipped unrecorded.
     */
    public <T extends DomainEvent, A> Routes once(Class<T> kind, Function<T, Optional<A>> addressee,
            BiFunction<T, A, Uni<Void>> apply) {
        return once(kind, addressee, apply, null);
    }

    /** As above, then {@code afterCommit} once the work and its inbox row are committed (to wake a worker). */
    public <T extends DomainEvent, A> Routes once(Class<T> kind, Function<T, Optional<A>> addressee,
            BiFunction<T, A, Uni<Void>> apply, BiConsumer<T, A> afterCommit) {
        return add(kind, new Route<>(kind, true, addressee, (data, target, envelope) -> apply.apply(data, target),
                afterCommit));
    }

    /** A handler of an addressed record that needs the envelope too (to keep the record as received, say). */
    @FunctionalInterface
    public interface AddressedHandler<T, A> {
        Uni<Void> apply(T data, A addressee, EventEnvelope envelope);
    }

    /** As above, for a handler that needs the envelope. */
    public <T extends DomainEvent, A> Routes once(Class<T> kind, Function<T, Optional<A>> addressee,
            AddressedHandler<T, A> apply, BiConsumer<T, A> afterCommit) {
        return add(kind, new Route<>(kind, true, addressee, apply::apply, afterCommit));
    }

    /**
     * As {@link #once(Class, Function, BiFunction)} for work that must not hold a transaction while it runs (a
     * driver call that can take minutes): {@code call} runs first, outside any transaction, unless the inbox already
     * holds the record; then {@code record} applies its result in one transaction with the inbox row. A crash in
     * between leaves no inbox row, so the redelivery calls again: {@code call} must be idempotent.
     */
    public <T extends DomainEvent, A, R> Routes onceCalling(Class<T> kind, Function<T, Optional<A>> addressee,
            BiFunction<T, A, Uni<R>> call, Recorder<T, A, R> record) {
        return onceCalling(kind, addressee, call, record, null);
    }

    /**
     * As above, with {@code afterCommit} run once the record's transaction committed (also for a record the inbox
     * held already): what must not happen unless the record is durable.
     */
    public <T extends DomainEvent, A, R> Routes onceCalling(Class<T> kind, Function<T, Optional<A>> addressee,
            BiFunction<T, A, Uni<R>> call, Recorder<T, A, R> record, BiConsumer<T, A> afterCommit) {
        Call<T, A> untyped = (data, target) -> call.apply(data, target).map(Object.class::cast);
        @SuppressWarnings("unchecked")
        Recorder<T, A, Object> recorder = (data, target, result) -> record.apply(data, target, (R) result);
        return add(kind, new Route<>(kind, true, addressee, (data, target, envelope) -> Uni.createFrom().voidItem(),
                afterCommit, untyped, recorder));
    }

    /** What {@link #onceCalling} records in the inbox transaction, given what the call returned. */
    @FunctionalInterface
    public interface Recorder<T, A, R> {
        Uni<Void> apply(T data, A addressee, R result);
    }

    @FunctionalInterface
    interface Call<T, A> {
        Uni<Object> apply(T data, A addressee);
    }

    /** Applies every record of {@code kind} without an inbox: each is a whole snapshot and the newest wins. */
    public <T extends DomainEvent> Routes latest(Class<T> kind, Function<T, Uni<Void>> apply) {
        return add(kind, new Route<T, T>(kind, false, Optional::of, (data, self, envelope) -> apply.apply(data),
                null));
    }

    Route<?, ?> route(String type) {
        return byType.get(type);
    }

    private Routes add(Class<? extends DomainEvent> kind, Route<?, ?> route) {
        String type = EventTypes.typeOf(kind);
        if (byType.putIfAbsent(type, route) != null) {
            throw new IllegalStateException("two routes for " + type);
        }
        return this;
    }

    @FunctionalInterface
    interface Apply<T, A> {
        Uni<Void> apply(T data, A addressee, EventEnvelope envelope);
    }

    /** {@code call} and {@code record}: null unless the route was made by {@link #onceCalling}. */
    record Route<T extends DomainEvent, A>(Class<T> kind, boolean once, Function<T, Optional<A>> addressee,
            Apply<T, A> apply, BiConsumer<T, A> afterCommit, Call<T, A> call, Recorder<T, A, Object> record) {

        Route(Class<T> kind, boolean once, Function<T, Optional<A>> addressee, Apply<T, A> apply,
                BiConsumer<T, A> afterCommit) {
            this(kind, once, addressee, apply, afterCommit, null, null);
        }
    }
}
