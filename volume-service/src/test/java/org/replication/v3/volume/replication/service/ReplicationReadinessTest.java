package org.replication.v3.volume.replication.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.volume.backend.Backends;
import org.replication.v3.volume.support.RestartedService;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * Readiness means the data plane and the switches can act on every replicated volume: a started volume-service is
 * not ready until the pairs of this host's replicated volumes are restored.
 */
@QuarkusTest
class ReplicationReadinessTest {

    @Inject
    RestartedService restart;
    @Inject
    VolumeServiceBus bus;

    @Test
    void aStartedServiceIsNotReadyUntilItHasTakenUpItsReplicatedVolumes() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@fast#pool-a", "type-1",
                Map.of("replication_enabled", "<is> True", "replication_mode", "sync")));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        // A restarted service: backends built afresh over the same arrays, knowing none of its volumes yet.
        Backends restarted = restart.backends();
        ReplicationMonitor monitor = restart.monitor(restarted);
        ReplicationRestoredCheck readiness = new ReplicationRestoredCheck(monitor);

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        RestartedService.restore(monitor);

        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(RestartedService.replication(restarted, "fast").targetOf(id))
                .as("ready: the volume is known with its target").contains("site-b");
    }

    @Test
    void theServiceReportsTheRestoreInItsReadiness() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'replication-restored' }.status",
                        equalTo("UP")));
    }
}
