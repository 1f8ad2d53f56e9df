package org.replication.v3.scheduler.cinderservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.scheduler.support.SchedulerBus;

/** The scheduler places no volume on a volume service that an operator disabled or froze. */
@QuarkusTest
class DisabledBackendTest {

    private static final Duration TIMEOUT = SchedulerBus.WAIT;

    @Inject
    TopicNames topics;

    @Inject
    Pool pool;

    @Inject
    SchedulerBus bus;

    /** Each test's own backend name, which its volume type asks for, so no other test's backend can match. */
    private String backendName;
    private String roomy;
    private String small;

    @BeforeEach
    void twoBackendsReport() {
        backendName = "tier-" + UUID.randomUUID().toString().substring(0, 8);
        roomy = "roomy-" + backendName + "@" + backendName;
        small = "small-" + backendName + "@" + backendName;
        send(topics.backendCapabilities(), report(roomy, 900));
        send(topics.backendCapabilities(), report(small, 100));
    }

    private BackendCapabilities report(String host, double freeGb) {
        return new BackendCapabilities(host, backendName, "Open Source", "1.0", "file", "nova", Instant.now(),
                List.of(new PoolCapabilities("pool", 1000, freeGb, 1000 - freeGb, true, 1.0, 0, Map.of(), null)),
                Map.of("volume_backend_name", backendName), false, List.of());
    }

    private void send(String topic, DomainEvent event) {
        bus.send(topic, event);
    }

    private void setStatus(String host, boolean disabled, boolean frozen) {
        Instant at = Instant.now();
        send(topics.serviceEvents(), new ServiceStatusChanged(ServiceBinary.VOLUME, host, disabled,
                disabled ? "maintenance" : null, frozen, at));
        await().atMost(TIMEOUT).until(() -> {
            var rows = pool.preparedQuery("select changed_at from service_status where host = $1 and disabled = $2"
                    + " and frozen = $3").execute(Tuple.of(host, disabled, frozen)).await().atMost(TIMEOUT);
            return rows.iterator().hasNext();
        });
    }

    /** Asks for a volume of this test's backend name; returns where it went, or null when it went nowhere. */
    private String place() {
        String volumeId = UUID.randomUUID().toString();
        send(topics.schedulerCommands(), new ScheduleVolumeCreate(volumeId, "project", "user", 1, "type", "type",
                Map.of("volume_backend_name", backendName), null, null));
        return bus.outcome(volumeId).host();
    }

    @Test
    void disabledBackendIsSkippedUntilEnabledAgain() {
        await().atMost(TIMEOUT).until(() -> roomy.equals(hostOf(place())));

        setStatus(roomy, true, false);
        assertThat(hostOf(place())).isEqualTo(small);

        setStatus(roomy, false, false);
        assertThat(hostOf(place())).isEqualTo(roomy);
    }

    @Test
    void frozenBackendsGetNoVolumesAndWithNoneLeftPlacementFails() {
        await().atMost(TIMEOUT).until(() -> roomy.equals(hostOf(place())));

        setStatus(roomy, true, true);
        setStatus(small, true, true);

        assertThat(place()).isNull();
    }

    @Test
    void anOlderChangeDoesNotUndoANewerOne() {
        setStatus(roomy, true, false);
        send(topics.serviceEvents(), new ServiceStatusChanged(ServiceBinary.VOLUME, roomy, false, null, false,
                Instant.now().minusSeconds(3600)));
        setStatus(small, false, false);

        assertThat(hostOf(place())).isEqualTo(small);
    }

    /** host@backend of a host@backend#pool, or null. */
    private static String hostOf(String placement) {
        return placement == null ? null : placement.substring(0, placement.indexOf('#'));
    }
}
