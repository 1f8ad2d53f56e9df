package org.replication.v3.api.version;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;

@QuarkusTest
class VersionDocumentTest {

    private static final String REQUEST_ID = "req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void rootListsVersionsWithMultipleChoices() {
        Response response = given().accept("application/json").get("/");

        assertThat(response.statusCode()).isEqualTo(300);
        assertThat(response.header(Api.VERSION_HEADER)).isEqualTo("volume 3.0");
        assertThat(response.header("Vary")).isEqualTo(Api.VERSION_HEADER);
        assertThat(response.header("x-openstack-request-id")).matches(REQUEST_ID)
                .isEqualTo(response.header("x-compute-request-id"));
        Golden.assertSameShape(Golden.parse(response.asString()), "versions.json");
        assertThat(response.jsonPath().getString("versions[0].version")).isEqualTo("3.74");
        assertThat(response.jsonPath().getString("versions[0].min_version")).isEqualTo("3.0");
        assertThat(response.jsonPath().getString("versions[0].links[1].href")).matches("http://[^/]+/v3/");
    }

    @Test
    void v3RootAnswersTheSameDocumentWithOk() {
        Response response = given().accept("application/json").get("/v3/");

        assertThat(response.statusCode()).isEqualTo(200);
        Golden.assertSameShape(Golden.parse(response.asString()), "versions.json");
        assertThat(response.jsonPath().getString("versions[0].id")).isEqualTo("v3.0");
        assertThat(response.jsonPath().getString("versions[0].status")).isEqualTo("CURRENT");
    }

    @Test
    void latestMeansTheHighestMicroversion() {
        given().header(Api.VERSION_HEADER, "volume latest").get("/v3/")
                .then().statusCode(200).header(Api.VERSION_HEADER, "volume 3.74").header("Vary", Api.VERSION_HEADER);
    }

    @Test
    void legacyHeaderSelectsTheMicroversion() {
        given().header("X-OpenStack-Volume-API-Version", "3.45").get("/v3/")
                .then().statusCode(200).header(Api.VERSION_HEADER, "volume 3.45");
    }

    @Test
    void versionForAnotherServiceLeavesTheDefault() {
        given().header(Api.VERSION_HEADER, "compute 2.60").get("/v3/")
                .then().statusCode(200).header(Api.VERSION_HEADER, "volume 3.0");
    }

    @Test
    void versionAboveTheMaximumIsNotAcceptable() {
        String project = Api.newProject();
        Api.at(Api.admin(project), "3.99").get("/v3/" + project + "/volumes")
                .then().statusCode(406)
                .header(Api.VERSION_HEADER, "volume 3.99")
                .header("x-compute-request-id", matchesPattern(REQUEST_ID))
                .body("computeFault.code", equalTo(406))
                .body("computeFault.message",
                        equalTo("Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.74."));
    }

    @Test
    void versionBelowTheMinimumIsNotAcceptable() {
        String project = Api.newProject();
        Api.at(Api.admin(project), "2.0").get("/v3/" + project + "/volumes")
                .then().statusCode(406)
                .body("computeFault.message",
                        equalTo("Version 2.0 is not supported by the API. Minimum is 3.0 and maximum is 3.74."));
    }

    @Test
    void malformedVersionIsABadRequest() {
        String project = Api.newProject();
        Api.at(Api.admin(project), "3.x").get("/v3/" + project + "/volumes")
                .then().statusCode(400)
                .header("x-openstack-request-id", matchesPattern(REQUEST_ID))
                .body("badRequest.code", equalTo(400))
                .body("badRequest.message",
                        equalTo("API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum."));
    }

    @Test
    void leadingZeroInTheMinorVersionIsMalformed() {
        given().header(Api.VERSION_HEADER, "volume 3.07").get("/v3/").then().statusCode(400);
    }
}
