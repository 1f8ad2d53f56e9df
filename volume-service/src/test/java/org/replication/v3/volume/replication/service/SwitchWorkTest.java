package org.replication.v3.volume.replication.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.testinfra.TopicReader;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * A switch runs as tracked work, beside the command stream: while a failover of {@code fast} is in its driver
 * call (made slow by fault injection), a create on the same backend, sent after it, completes; and a backend stuck
 * in one switch call for longer than its bound stops heartbeating, so os-services shows it down.
 */
@QuarkusTest
@TestProfile(SwitchWorkTest.SlowSwitches.class)
class SwitchWorkTest {

    private static final String BACKEND = "node1@fast";
    private static final Duration SWITCH_DELAY = Duration.ofSeconds(15);

    /** Every failover call of {@code fast} takes {@link #SWITCH_DELAY}, and a call of over 3 s wedges it. */
    public static class SlowSwitches implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("volume.backends.fast.switch-delay", SWITCH_DELAY.toMillis() + "ms",
                    "volume.switch-work.stall-after", "3s");
        }
    }

    @Inject
    VolumeServiceBus bus;
    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCreateSentAfterAFailoverCompletesWhileTheFailoverIsStillInItsDriverCall() {
        String operation = UUID.randomUUID().toString();
        SwitchVolumes failover = failover(operation, replicatedVolume());
        bus.command(failover.subject(), failover);
        // Keyed like the failover, so on its partition and behind it: a consumer busy with the switch would hold it.
        String created = UUID.randomUUID().toString();
        bus.command(failover.subject(), new CreateVolumeOnBackend(created, "project-1", 1, BACKEND + "#pool-a",
                "type-1", Map.of()));

        assertThat(bus.event(VolumeCreated.TYPE, created, VolumeCreated.class).volumeId()).isEqualTo(created);
        assertThat(switched(operation)).as("the failover is still in its driver call").isEmpty();

        assertThat(bus.switched(operation).results()).singleElement()
                .satisfies(r -> assertThat(r.replicationStatus()).isEqualTo(ReplicationStatus.FAILED_OVER));
        assertThat(switched(operation)).as("one answer").hasSize(1);
    }

    @Test
    void aBackendStuckInOneSwitchCallStopsHeartbeatingUntilTheCallEnds() {
        String operation = UUID.randomUUID().toString();
        SwitchVolumes failover = failover(operation, replicatedVolume());
        try (TopicReader heartbeats = new TopicReader(bootstrap, topics.serviceHeartbeats())) {
            bus.command(failover.subject(), failover);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    silence(heartbeats).compareTo(Duration.ofSeconds(4)) > 0);
            bus.switched(operation);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    silence(heartbeats).compareTo(Duration.ofSeconds(2)) < 0);
        }
    }

    /** A sync volume on fast, replicating to site-b. */
    private String replicatedVolume() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, BACKEND + "#pool-a", "type-1",
                Map.of("replication_enabled", "<is> True", "replication_mode", "sync")));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        return id;
    }

    private static SwitchVolumes failover(String operation, String volumeId) {
        return new SwitchVolumes(operation, BACKEND, FailoverAction.FAILOVER, "site-b", false, List.of(volumeId),
                FailbackChanges.KEEP, ReplicationScope.VOLUME, volumeId);
    }

    /** How far fast's latest heartbeat is behind capacity's, which beats on (both every second in tests). */
    private Duration silence(TopicReader heartbeats) {
        Map<String, Instant> latest = new HashMap<>();
        for (var record : heartbeats.readToEnd(Duration.ofSeconds(30))) {
            ServiceHeartbeat beat = codec.data(codec.decode(record.value()), ServiceHeartbeat.class);
            latest.merge(beat.host(), beat.reportedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return Duration.between(latest.getOrDefault(BACKEND, Instant.EPOCH),
                latest.getOrDefault("node1@capacity", Instant.EPOCH));
    }

    /** The answers to the operation on volume.events so far. */
    private List<VolumesSwitched> switched(String operation) {
        try (TopicReader reader = new TopicReader(bootstrap, topics.volumeEvents())) {
            return reader.readToEnd(Duration.ofSeconds(30)).stream()
                    .map(record -> codec.decode(record.value()))
                    .filter(envelope -> envelope.type().equals(VolumesSwitched.TYPE))
                    .map(envelope -> codec.data(envelope, VolumesSwitched.class))
                    .filter(switched -> switched.operationId().equals(operation))
                    .toList();
        }
    }
}
