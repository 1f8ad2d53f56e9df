package org.replication.v3.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What operators and tooling read besides the Cinder API: health, metrics and the OpenAPI document. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessReportsTheDatabaseAndKafkaUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreServedInPrometheusFormat() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentDescribesTheVolumesApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("volumes"));
    }
}
