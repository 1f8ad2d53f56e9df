package org.replication.v3.volume.data.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.replication.v3.volume.support.DataPlaneClient.admin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.volume.support.ConfigOverride;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * A volume-service as deployed: fault injection off (the default). The admin token opens the data plane but takes
 * no array or link down.
 */
@QuarkusTest
@TestProfile(FaultInjectionOffTest.Off.class)
class FaultInjectionOffTest {

    /** The test profile's switch turned back to the default. */
    public static class Off extends ConfigOverride {
        public Off() {
            super("volume.fault-injection.enabled", "false");
        }
    }

    @Inject
    VolumeServiceBus bus;
    private final DataPlaneClient plane = new DataPlaneClient(29);

    @Test
    void faultsAreRefusedWithTheTokenAndTheArrayStaysUp() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@fast#pool-a", "type-1", Map.of()));
        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        String off = "fault injection is off on this volume-service";

        admin().contentType(ContentType.JSON).body("{\"up\": false}").put("/v1/faults/arrays/fast")
                .then().statusCode(403).body("forbidden.message", containsString(off));
        admin().contentType(ContentType.JSON).body("{\"up\": false}").put("/v1/faults/links/fast/site-b")
                .then().statusCode(403).body("forbidden.message", containsString(off));
        admin().get("/v1/faults").then().statusCode(403);

        byte[] written = plane.write(id, "primary", 0, 4096);
        assertThat(plane.read(id, "primary", 0, 4096))
                .as("array fast still answers").isEqualTo(written);
    }
}
