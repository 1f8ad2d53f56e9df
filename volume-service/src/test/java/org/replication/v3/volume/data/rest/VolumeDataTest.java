package org.replication.v3.volume.data.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.replication.v3.volume.support.DataPlaneClient.admin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.volume.support.ArrayVolumes;
import org.replication.v3.volume.support.DataPlaneClient;
import org.replication.v3.volume.support.VolumeServiceBus;

/**
 * The admin data plane as its callers meet it: only the admin token opens it, an unreplicated volume's bytes are
 * found on its backend's array, reads are bounded and streamed, and a bad range is a 400 that changes nothing.
 */
@QuarkusTest
class VolumeDataTest {

    private static final Map<String, String> SYNC = Map.of("replication_enabled", "<is> True",
            "replication_mode", "sync");
    private static final long GIB = 1L << 30;
    private static final int MAX_READ = 64 << 20;

    @Inject
    VolumeServiceBus bus;
    private final DataPlaneClient plane = new DataPlaneClient(23);

    @Test
    void anUnreplicatedVolumeIsReadAndWrittenOnTheArrayItsBackendLivesOn() throws Exception {
        String id = unreplicated();

        byte[] written = plane.write(id, "primary", 3 * 4096, 10_000);

        assertThat(plane.read(id, "primary", 3 * 4096, 10_000)).isEqualTo(written);
        assertThat(ArrayVolumes.read("site-c", id, 3 * 4096, 10_000))
                .as("the bytes are on site-c, the array plain's driver created the volume on").isEqualTo(written);
        admin().get("/v1/volumes/{id}/checksum", id).then().statusCode(200).body("checksum.side", equalTo("primary"));
    }

    @Test
    void aReadIsBoundedAndARangeOfTheBoundIsStreamedWhole() {
        String id = unreplicated();
        byte[] head = plane.write(id, "primary", 0, 65_536);
        byte[] tail = plane.write(id, "primary", MAX_READ - 65_536, 65_536);

        admin().get("/v1/volumes/{id}/data?offset=0&length=" + GIB, id).then().statusCode(400)
                .body("badRequest.message", containsString("67108864 bytes (64 MiB) per read"));
        Response whole = admin().get("/v1/volumes/{id}/data?offset=0&length=" + MAX_READ, id);

        whole.then().statusCode(200).header("Content-Length", String.valueOf(MAX_READ));
        byte[] read = whole.asByteArray();
        assertThat(read).hasSize(MAX_READ);
        assertThat(Arrays.copyOfRange(read, 0, 65_536)).isEqualTo(head);
        assertThat(Arrays.copyOfRange(read, MAX_READ - 65_536, MAX_READ)).isEqualTo(tail);
        assertThat(Arrays.mismatch(Arrays.copyOfRange(read, 65_536, MAX_READ - 65_536),
                new byte[MAX_READ - 2 * 65_536])).as("never written: zeros").isEqualTo(-1);
    }

    @Test
    void aBadRangeIsA400AndChangesNothingOnAReplicatedVolume() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@fast#pool-a", "type-1", SYNC));
        bus.event(ReplicationEnabled.TYPE, id, ReplicationEnabled.class);
        byte[] written = plane.write(id, "primary", 0, 4096);

        for (String query : new String[] {"offset=-1", "offset=" + (Long.MAX_VALUE - 1), "offset=x"}) {
            admin().contentType(ContentType.BINARY).body(new byte[] {1, 2, 3})
                    .put("/v1/volumes/{id}/data?" + query, id).then().statusCode(400)
                    .body("badRequest.code", equalTo(400));
        }
        for (String query : new String[] {"offset=-1&length=10", "offset=0&length=-10", "offset=0&length=0",
                "offset=0&length=99999999999999999999", "offset=" + (Long.MAX_VALUE - 1) + "&length=10",
                "offset=0"}) {
            admin().get("/v1/volumes/{id}/data?" + query, id).then().statusCode(400)
                    .body("badRequest.code", equalTo(400));
        }

        assertThat(plane.read(id, "primary", 0, 4096)).isEqualTo(written);
        assertThat(plane.read(id, "secondary", 0, 4096)).isEqualTo(written);
    }

    @Test
    void withoutTheAdminTokenNothingIsReadWrittenOrBroken() {
        String id = unreplicated();
        Map<String, Supplier<RequestSpecification>> callers = Map.of(
                "no token", () -> given(),
                "a wrong token", () -> given().header("X-Auth-Token", "not-the-token"),
                "X-Roles: admin alone", () -> given().header("X-Roles", "admin"),
                "the API's noauth token with X-Roles: admin",
                () -> given().header("X-Auth-Token", "admin:project-1").header("X-Roles", "admin"));

        callers.forEach((caller, request) -> {
            request.get().contentType(ContentType.BINARY).body(new byte[] {9, 9, 9})
                    .put("/v1/volumes/{id}/data?offset=0", id).then().statusCode(401)
                    .body("unauthorized.code", equalTo(401))
                    .body("unauthorized.message", equalTo("The request you have made requires authentication."));
            request.get().get("/v1/volumes/{id}/data?offset=0&length=3", id).then().statusCode(401);
            request.get().get("/v1/volumes/{id}/checksum", id).then().statusCode(401);
            // nothing about paths, methods or bodies is told before the token: no 415, 405 or 404
            request.get().contentType(ContentType.TEXT).body("abc").put("/v1/volumes/{id}/data?offset=0", id)
                    .then().statusCode(401).body("unauthorized.code", equalTo(401));
            request.get().delete("/v1/volumes/{id}/data", id).then().statusCode(401);
            request.get().get("/v1/no-such-endpoint").then().statusCode(401);
        });

        assertThat(plane.read(id, "primary", 0, 3)).isEqualTo(new byte[3]);
    }

    private String unreplicated() {
        String id = UUID.randomUUID().toString();
        bus.command(id, new CreateVolumeOnBackend(id, "project-1", 1, "node1@plain#pool-p", "type-1", Map.of()));
        bus.event(VolumeCreated.TYPE, id, VolumeCreated.class);
        return id;
    }
}
