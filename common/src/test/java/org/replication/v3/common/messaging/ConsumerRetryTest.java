package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConsumerRetryTest {

    private static final int ATTEMPTS = 3;

    private final ConsumerRetry retry = new ConsumerRetry(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(2));
    private final AtomicInteger calls = new AtomicInteger();

    /** Work that fails {@code times} times with what {@code failure} makes, then succeeds. */
    private Supplier<Uni<Void>> failing(int times, Supplier<Throwable> failure) {
        return () -> calls.incrementAndGet() <= times
                ? Uni.createFrom().failure(failure.get())
                : Uni.createFrom().voidItem();
    }

    @Test
    void anEventIsAppliedOnceTheDatabaseIsBackHoweverLongItWasAway() {
        int outage = ATTEMPTS * 10;
        retry.run(failing(outage, () -> new IllegalStateException("pool", new ConnectException("Connection refused"))))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(calls).hasValue(outage + 1);
    }

    @Test
    void anyOtherFailureIsRetriedABoundedNumberOfTimesBeforeTheChannelDeadLettersIt() {
        assertThatThrownBy(() -> retry.run(failing(Integer.MAX_VALUE, () -> new IllegalStateException("a bug")))
                .await().atMost(Duration.ofSeconds(30)))
                .hasMessage("a bug");

        assertThat(calls).hasValue(ATTEMPTS + 1);
    }

    @Test
    void anUnreadableRecordFailsAtOnce() {
        assertThatThrownBy(() -> retry.run(failing(Integer.MAX_VALUE, () -> new MalformedEventException("not json", null)))
                .await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(MalformedEventException.class);

        assertThat(calls).hasValue(1);
    }
}
