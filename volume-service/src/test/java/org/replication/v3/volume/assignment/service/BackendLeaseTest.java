package org.replication.v3.volume.assignment.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.replication.v3.volume.assignment.HeldLeases;
import org.replication.v3.volume.assignment.repository.BackendLeases;

/**
 * The lease protocol of docs/sites.md section 3 against the real database: three simulated instances and five
 * backends, in random interleavings of claim, renew and pause (an instance that skips its turns, as a GC pause or a
 * SIGSTOP does). Each instance judges its leases by a clock of its own that runs at least as fast as real time and
 * jumps forward at random (the safe direction: the protocol assumes no local clock runs slower than the database's
 * by more than the margin). After every step, at one instant, no backend has two instances that believe they hold
 * it, and every claim's epoch is above every earlier one of its backend.
 */
@QuarkusTest
class BackendLeaseTest {

    private static final Duration LEASE = Duration.ofMillis(300);
    private static final Duration MARGIN = Duration.ofMillis(60);
    private static final int INSTANCES = 3;
    private static final int BACKENDS = 5;
    private static final int STEPS = 1500;

    @Inject
    BackendLeases table;

    /** One simulated instance: its clock (real time plus its jumps), its leases, until when it is paused. */
    private static final class Instance {
        final String name;
        long jumps;
        /** Real time (nanoTime) until which it takes no turn: the leases it holds expire meanwhile. */
        long pausedUntil;
        final HeldLeases leases;

        Instance(String name) {
            this.name = name;
            this.leases = new HeldLeases(() -> System.nanoTime() + jumps, LEASE, MARGIN);
        }
    }

    @Test
    void noTwoInstancesActOnOneBackendAtOnceAndEpochsOnlyGrow() throws Throwable {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String run = Long.toHexString(seed);
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new Instance("instance-" + i));
        }
        List<String> backends = new ArrayList<>();
        for (int b = 0; b < BACKENDS; b++) {
            backends.add("lease-test-" + run + "@backend-" + b);
        }
        // Each backend prefers one instance; the others wait one more lease before claiming it.
        Map<String, String> preferred = new HashMap<>();
        backends.forEach(b -> preferred.put(b, instances.get(random.nextInt(INSTANCES)).name));
        Map<String, Long> lastEpoch = new HashMap<>();
        int claims = 0;
        int losses = 0;
        // At least STEPS steps, and on until handovers were seen (pauses last in real time, which a fast machine
        // may not reach in STEPS steps), within a bound.
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int step = 0; step < STEPS || (claims <= BACKENDS || losses == 0) && System.nanoTime() < until; step++) {
            Instance instance = instances.get(random.nextInt(INSTANCES));
            if (System.nanoTime() >= instance.pausedUntil) {
                int action = random.nextInt(20);
                if (action == 0) {
                    // In real time, as the database counts a lease: long enough, mostly, for a rival to claim
                    // (lease plus margin, plus a non-preferred rival's extra lease), however fast the steps run.
                    instance.pausedUntil = System.nanoTime() + LEASE.multipliedBy(3).plus(MARGIN).toNanos()
                            + (long) (random.nextDouble() * LEASE.toNanos());
                } else if (action == 1) {
                    instance.jumps += Duration.ofMillis(random.nextInt(200)).toNanos();
                } else {
                    String backend = backends.get(random.nextInt(BACKENDS));
                    OptionalLong claimed = instance.leases.claimed(backend);
                    long sentAt = instance.leases.now();
                    if (claimed.isPresent()) {
                        long epoch = claimed.getAsLong();
                        if (inTransaction(() -> table.renew(backend, instance.name, epoch, LEASE))) {
                            instance.leases.held(backend, epoch, sentAt);
                        } else {
                            instance.leases.lost(backend);
                            losses++;
                        }
                    } else {
                        Duration wait = preferred.get(backend).equals(instance.name) ? MARGIN : MARGIN.plus(LEASE);
                        OptionalLong epoch = inTransaction(() -> table.claim(backend, instance.name, LEASE, wait));
                        if (epoch.isPresent()) {
                            long previous = lastEpoch.getOrDefault(backend, 0L);
                            assertThat(epoch.getAsLong()).as("seed %s: claim of %s by %s", run, backend,
                                    instance.name).isGreaterThan(previous);
                            lastEpoch.put(backend, epoch.getAsLong());
                            instance.leases.held(backend, epoch.getAsLong(), sentAt);
                            claims++;
                        }
                    }
                }
            }
            for (String backend : backends) {
                List<String> owners = instances.stream().filter(i -> i.leases.owns(backend)).map(i -> i.name)
                        .toList();
                assertThat(owners).as("seed %s, step %d: instances acting on %s", run, step, backend)
                        .hasSizeLessThanOrEqualTo(1);
            }
        }
        // Not vacuous: pauses made leases change hands, and stale holders found out at their next renewal.
        assertThat(claims).as("seed %s: claims", run).isGreaterThan(BACKENDS);
        assertThat(losses).as("seed %s: losses found at a renewal", run).isPositive();
    }

    @Test
    void aResultRecordedUnderALostLeaseIsRolledBack() throws Throwable {
        String backend = "lease-test-" + Long.toHexString(System.nanoTime()) + "@fenced";
        long first = inTransaction(() -> table.claim(backend, "a", Duration.ZERO, Duration.ZERO)).orElseThrow();
        inTransaction(() -> table.checkHeld(backend, "a", first).replaceWith(true));
        // The lease ran out at once (a zero lease); b claims it, and a's result at its old epoch is refused.
        long second = inTransaction(() -> table.claim(backend, "b", LEASE, Duration.ZERO)).orElseThrow();
        assertThat(second).isGreaterThan(first);
        Throwable refused = null;
        try {
            inTransaction(() -> table.checkHeld(backend, "a", first).replaceWith(true));
        } catch (BackendLeases.LeaseLost e) {
            refused = e;
        }
        assertThat(refused).as("a stale holder's transaction").isNotNull();
        assertThat(inTransaction(() -> table.renew(backend, "a", first, LEASE))).isFalse();
        // An epoch an array knows above the lease's moves the lease past it, for its holder only.
        assertThat(inTransaction(() -> table.raise(backend, "a", second, 41))).isEmpty();
        assertThat(inTransaction(() -> table.raise(backend, "b", second, 41))).hasValue(42);
    }

    private static <T> T inTransaction(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }
}
