package org.replication.v3.volume.replication.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.testinfra.KafkaResource;
import org.replication.v3.testinfra.PostgresResource;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.filearray.FileArrayReplication;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * Readiness means the data plane and the switches can act on every replicated volume: a started volume-service is
 * not ready until the pairs of this host's replicated volumes are restored.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ReplicationReadinessTest {

    @Inject
    TopicNames topics;
    @Inject
    BackendsConfig config;
    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;
    @Inject
    VolumeServiceBus bus;

    @Test
    void aStartedServiceIsNotReadyUntilItsReplicatedVolumesHaveTheirPairsBack() throws Throwable {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@fast#pool-a", "type-1",
                Map.of("replication_enabled", "<is> True", "replication_mode", "sync")));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        // A restarted service: backends built afresh over the same arrays, no pair in memory yet.
        Backends restarted = new Backends(config);
        ReplicationMonitor monitor = new ReplicationMonitor(restarted, outbox, relay, topics, registry, vertx);
        ReplicationRestoredCheck readiness = new ReplicationRestoredCheck(monitor);

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        VertxContextSupport.subscribeAndAwait(monitor::restoreOnce);

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(restarted.all().stream().filter(b -> b.name().equals("fast")).findFirst()
                .flatMap(Backend::replication).map(FileArrayReplication.class::cast).orElseThrow().pair(id))
                .as("ready: the volume's pair is there").isPresent();
    }

    @Test
    void theServiceReportsTheRestoreInItsReadiness() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'replication-restored' }.status",
                        equalTo("UP")));
    }
}
