package org.replication.v3.api.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** get_pools and capabilities: what the backends report, as an admin reads it. */
@QuarkusTest
class PoolsTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    private static Response pools(String project, String microversion, Map<String, String> query) {
        return Api.at(Api.admin(project), microversion).queryParams(query)
                .get("/v3/" + project + "/scheduler-stats/get_pools");
    }

    private static List<String> poolNames(String project, String microversion, Map<String, String> query) {
        return pools(project, microversion, query).then().statusCode(200).extract().jsonPath().getList("pools.name");
    }

    /** A backend reporting now; returns host@backend once its pools are listed. */
    private String reportingBackend(String project, String backendName) {
        String backend = Services.newHost() + "@" + backendName;
        Services.publishReport(codec, topics, Services.report(backend, backendName, Instant.now()));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> poolNames(project, "3.0", Map.of())
                .contains(backend + "#pool-a"));
        return backend;
    }

    @Test
    void poolsOfReportingBackendsAreListedWithCapabilitiesOnDetail() {
        String project = Api.newProject();
        String backend = reportingBackend(project, "fast");

        Response plain = pools(project, "3.0", Map.of());
        Golden.assertSameShape(Golden.parse(plain.asString()), "pools.json");
        assertThat(poolNames(project, "3.0", Map.of())).contains(backend + "#pool-a", backend + "#pool-b");

        Response detail = pools(project, "3.0", Map.of("detail", "True"));
        detail.then().statusCode(200);
        Map<String, Object> capabilities = detail.jsonPath()
                .getMap("pools.find { it.name == '" + backend + "#pool-a' }.capabilities");
        assertThat(capabilities).containsEntry("pool_name", "pool-a")
                .containsEntry("total_capacity_gb", 1000.0f)
                .containsEntry("free_capacity_gb", 900.0f)
                .containsEntry("volume_backend_name", "fast")
                .containsEntry("vendor_name", "Open Source")
                .containsEntry("storage_protocol", "file")
                .containsEntry("driver_version", "1.0.0")
                .containsEntry("replication_enabled", true)
                .containsEntry("replication_targets", List.of(Map.of("backend_id", "site-b",
                        "replication_mode", List.of("async", "sync"), "cross_os", false,
                        "sync_topologies", List.of("active_active", "active_passive"), "mediator", true,
                        "min_rpo_seconds", 30, "availability_zone", "az-2", "scopes", List.of())))
                .containsEntry("thin_provisioning_support", true)
                .containsKey("timestamp");
    }

    @Test
    void nameAndVolumeTypeFilterFrom328() {
        String project = Api.newProject();
        String backendName = "tier-" + Services.newHost();
        String backend = reportingBackend(project, backendName);
        String type = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + backendName + "\", \"extra_specs\": "
                        + "{\"volume_backend_name\": \"" + backendName + "\"}}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");

        assertThat(poolNames(project, "3.28", Map.of("name", backend + "#pool-b"))).containsExactly(backend + "#pool-b");
        assertThat(poolNames(project, "3.27", Map.of("name", backend + "#pool-b"))).contains(backend + "#pool-a");
        assertThat(poolNames(project, "3.28", Map.of("volume_type", backendName)))
                .containsExactlyInAnyOrder(backend + "#pool-a", backend + "#pool-b");
        assertThat(poolNames(project, "3.28", Map.of("volume_type", type)))
                .containsExactlyInAnyOrder(backend + "#pool-a", backend + "#pool-b");
        pools(project, "3.28", Map.of("volume_type", "no-such-type")).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume type with name no-such-type could not be found."));
    }

    @Test
    void badQueriesAreRefused() {
        String project = Api.newProject();

        pools(project, "3.33", Map.of("color", "red")).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid filters color are found in query options."));
        pools(project, "3.32", Map.of("color", "red")).then().statusCode(200);
        pools(project, "3.0", Map.of("detail", "maybe")).then().statusCode(400)
                .body("badRequest.message", equalTo("Value 'maybe' for 'detail' is not a boolean."));
    }

    @Test
    void disabledOrSilentBackendsHaveNoPools() {
        String project = Api.newProject();
        String backend = reportingBackend(project, "fast");
        Services.volumeServiceUp(codec, topics, backend);
        String silent = Services.newHost() + "@fast";
        Services.publishReport(codec, topics, Services.report(silent, "fast", Instant.now().minusSeconds(600)));

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"host\": \"" + backend + "\", \"binary\": \"cinder-volume\"}")
                .put("/v3/" + project + "/os-services/disable").then().statusCode(200);

        assertThat(poolNames(project, "3.0", Map.of())).doesNotContain(backend + "#pool-a", silent + "#pool-a");
    }

    @Test
    void onlyAdminsReadPoolsAndCapabilities() {
        String project = Api.newProject();

        Api.member(project).get("/v3/" + project + "/scheduler-stats/get_pools").then().statusCode(403)
                .body("forbidden.message",
                        equalTo("Policy doesn't allow scheduler_extension:scheduler_stats:get_pools to be performed."));
        Api.member(project).get("/v3/" + project + "/capabilities/node1@fast").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow volume_extension:capabilities to be performed."));
    }

    @Test
    void capabilitiesOfABackendInCindersShape() {
        String project = Api.newProject();
        String backend = reportingBackend(project, "fast");

        Response response = Api.admin(project).get("/v3/" + project + "/capabilities/" + backend);
        response.then().statusCode(200)
                .body("namespace", equalTo("OS::Storage::Capabilities::" + backend))
                .body("vendor_name", equalTo("Open Source"))
                .body("volume_backend_name", equalTo("fast"))
                .body("driver_version", equalTo("1.0.0"))
                .body("storage_protocol", equalTo("file"))
                .body("replication_enabled", equalTo(true))
                .body("replication_targets", hasSize(1))
                .body("replication_targets[0].backend_id", equalTo("site-b"))
                .body("replication_targets[0].replication_mode", equalTo(List.of("async", "sync")))
                .body("replication_targets[0].cross_os", equalTo(false))
                .body("replication_targets[0].sync_topologies", equalTo(List.of("active_active", "active_passive")))
                .body("replication_targets[0].mediator", equalTo(true))
                .body("replication_targets[0].min_rpo_seconds", equalTo(30))
                .body("replication_targets[0].availability_zone", equalTo("az-2"))
                .body("properties.replication_enabled.type", equalTo("boolean"));
        // Beyond Cinder: replication_enabled, and targets described rather than named; the rest is Cinder's shape.
        ObjectNode cinderShape = (ObjectNode) Golden.parse(response.asString());
        cinderShape.remove("replication_enabled");
        cinderShape.putArray("replication_targets");
        Golden.assertSameShape(cinderShape, "capabilities.json");

        Api.admin(project).get("/v3/" + project + "/capabilities/nosuchhost@fast").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Can't find service: nosuchhost@fast"));
    }
}
