package org.replication.v3.common.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.replication.v3.common.database.BackingServiceDown;

/**
 * How consumers treat a failure. A record that cannot be read fails at once, so the channel dead-letters it; any
 * other failure (a lock timeout, a bug that a redeploy fixes) is retried with back-off first, because dead-lettering
 * a good event would lose a state change for good. A database that cannot be reached is retried for as long as it
 * stays away: every event would fail alike, and dead-lettering them would lose all that arrive during an outage.
 * The channel waits meanwhile, and its health says so.
 */
@ApplicationScoped
public class ConsumerRetry {

    private final int attempts;
    private final Duration firstBackOff;
    private final Duration maxBackOff;

    public ConsumerRetry(@ConfigProperty(name = "messaging.retry.attempts") int attempts,
            @ConfigProperty(name = "messaging.retry.first-back-off") Duration firstBackOff,
            @ConfigProperty(name = "messaging.retry.max-back-off") Duration maxBackOff) {
        this.attempts = attempts;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
    }

    public Uni<Void> run(Supplier<Uni<Void>> work) {
        return Uni.createFrom().<Void>deferred(work::get)
                .onFailure(BackingServiceDown::is).retry().withBackOff(firstBackOff, maxBackOff).indefinitely()
                .onFailure(failure -> !(failure instanceof MalformedEventException))
                .retry().withBackOff(firstBackOff, maxBackOff).atMost(attempts);
    }
}
