package org.replication.v3.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The issue-2 slice through all four services as separate processes, driven only through the REST API. */
class VolumeSliceIT {

    static final String PROJECT = "0c2eba2c5af04d3f9e9d0d410b371fde";
    static Suite suite;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = Suite.get();
    }

    static RequestSpecification admin() {
        return given().baseUri(Suite.get().apiUrl()).basePath("/v3/" + PROJECT)
                .header("X-Auth-Token", "admin:" + PROJECT).contentType(ContentType.JSON);
    }

    static String createType(String backendName) {
        String name = "type-" + UUID.randomUUID();
        String id = admin().body("{\"volume_type\":{\"name\":\"" + name + "\"}}").post("/types")
                .then().statusCode(200).extract().path("volume_type.id");
        admin().body("{\"extra_specs\":{\"volume_backend_name\":\"" + backendName + "\"}}")
                .post("/types/" + id + "/extra_specs").then().statusCode(200);
        return name;
    }

    static String createVolume(String type, int size) {
        return admin().body("{\"volume\":{\"size\":" + size + ",\"volume_type\":\"" + type + "\"}}").post("/volumes")
                .then().statusCode(202).extract().path("volume.id");
    }

    static String status(String id) {
        return admin().get("/volumes/" + id).then().statusCode(200).extract().path("volume.status");
    }

    @Test
    void aVolumeOfATypeBecomesAvailableOnAPoolOfTheBackendItsTypeNames() {
        String id = createVolume(createType("capacity"), 1);

        assertThat(status(id)).isIn("creating", "available");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("available"));
        admin().get("/volumes/" + id).then().body("volume.'os-vol-host-attr:host'", startsWith("node1@capacity#bulk"));
    }

    @Test
    void aVolumeThatNoBackendCanTakeGoesToErrorInsteadOfStayingCreating() {
        String id = createVolume(createType("no-such-backend"), 1);

        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("error"));
    }

    @Test
    void aDeletedVolumeIsGoneFromTheApi() {
        String id = createVolume(createType("fast"), 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("available"));

        admin().delete("/volumes/" + id).then().statusCode(202);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> admin().get("/volumes/" + id).then().extract().statusCode() == 404);
    }
}
