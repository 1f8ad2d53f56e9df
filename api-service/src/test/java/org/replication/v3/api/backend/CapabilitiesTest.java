package org.replication.v3.api.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** The API keeps the newest capability report of each backend, whatever order reports arrive in. */
@QuarkusTest
class CapabilitiesTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private void report(String host, Instant at, double freeGb) {
        BackendCapabilities report = new BackendCapabilities(host, "fast", "Open Source", "1.0", "file", "nova", at,
                List.of(new PoolCapabilities("pool-a", 1000, freeGb, 1000 - freeGb, true, 20.0, 0, Map.of(), null)),
                Map.of(), true, List.of(Services.TARGET));
        Kafka.send(topics.backendCapabilities(), host, Volumes.encode(codec, report));
    }

    private double freeOf(String host) {
        var row = rows.one("select pools->0->>'freeCapacityGb' as free from backend where host = $1", host);
        return row == null ? -1 : Double.parseDouble(row.getString("free"));
    }

    @Test
    void newestReportOfABackendIsKept() {
        String host = "node-" + System.nanoTime() + "@fast";
        Instant now = Instant.parse("2026-01-01T00:00:10Z");

        report(host, now, 900);
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> freeOf(host) == 900);
        report(host, now.minusSeconds(5), 100);
        report(host, now.plusSeconds(5), 800);

        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> freeOf(host) == 800);
        var row = rows.one("select volume_backend_name, vendor_name, availability_zone, replication_enabled as repl,"
                + " replication_targets->0->>'backendId' as target from backend where host = $1", host);
        assertThat(row.getString("volume_backend_name")).isEqualTo("fast");
        assertThat(row.getString("availability_zone")).isEqualTo("nova");
        assertThat(row.getBoolean("repl")).isTrue();
        assertThat(row.getString("target")).isEqualTo("site-b");
    }
}
