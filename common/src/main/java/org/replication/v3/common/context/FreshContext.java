package org.replication.v3.common.context;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs reactive work on a Vert.x duplicated context of its own. Hibernate Reactive keeps the open session in the
 * context: two flows that run on one context (a scheduled round that replays commands while a consumer applies its
 * batch) would share a session, which fails with HR000069 and can leave a transaction open without its commit.
 */
public final class FreshContext {

    private FreshContext() {
    }

    /** {@code work} subscribed on a new duplicated context (flagged safe for Hibernate Reactive). */
    public static <T> Uni<T> run(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context current = Vertx.currentContext();
            Context context = current == null ? VertxContext.createNewDuplicatedContext()
                    : VertxContext.createNewDuplicatedContext(current);
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().deferred(work::get).subscribe().with(emitter::complete,
                    emitter::fail));
        });
    }
}
