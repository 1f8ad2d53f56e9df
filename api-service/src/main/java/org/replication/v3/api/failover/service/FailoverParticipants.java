package org.replication.v3.api.failover.service;

import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import org.replication.v3.api.failover.FailoverParticipant;

/** Every {@link FailoverParticipant} the application has, called one after the other in the caller's transaction. */
@ApplicationScoped
class FailoverParticipants {

    @Inject
    @All
    List<FailoverParticipant> all;

    Uni<Void> each(Function<FailoverParticipant, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (FailoverParticipant participant : all) {
            chain = chain.chain(() -> step.apply(participant));
        }
        return chain;
    }
}
