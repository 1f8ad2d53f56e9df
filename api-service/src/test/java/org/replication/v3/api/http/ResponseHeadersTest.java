package org.replication.v3.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.replication.v3.api.support.Api;

/**
 * Every answer, success or error of any kind, carries the request id (both of Cinder's names, one value) and the
 * negotiated microversion with {@code Vary}, so clients can report and reproduce any failure.
 */
@QuarkusTest
class ResponseHeadersTest {

    private static final String PROJECT = Api.newProject();

    static Stream<Arguments> answers() {
        return Stream.of(
                answer("200 volume list", 200, "volume 3.0",
                        () -> Api.admin(PROJECT).get("/v3/" + PROJECT + "/volumes")),
                answer("200 at 3.62", 200, "volume 3.62",
                        () -> Api.at(Api.admin(PROJECT), "3.62").get("/v3/" + PROJECT + "/volumes")),
                answer("404 unknown volume", 404, "volume 3.0",
                        () -> Api.admin(PROJECT).get("/v3/" + PROJECT + "/volumes/" + UUID.randomUUID())),
                answer("404 unknown path", 404, "volume 3.0",
                        () -> Api.admin(PROJECT).get("/v3/" + PROJECT + "/nosuchresource")),
                answer("400 bad body", 400, "volume 3.0", () -> Api.admin(PROJECT).contentType(ContentType.JSON)
                        .body("{\"volume\": {\"size\": 0}}").post("/v3/" + PROJECT + "/volumes")),
                answer("401 no caller", 401, "volume 3.0", () -> given().get("/v3/" + PROJECT + "/volumes")),
                answer("403 policy", 403, "volume 3.0", () -> Api.member(PROJECT).contentType(ContentType.JSON)
                        .body("{\"volume_type\": {\"name\": \"x\"}}").post("/v3/" + PROJECT + "/types")),
                answer("405 method", 405, "volume 3.0", () -> Api.admin(PROJECT).put("/v3/" + PROJECT + "/volumes")),
                answer("406 version", 406, "volume 3.99",
                        () -> Api.at(Api.admin(PROJECT), "3.99").get("/v3/" + PROJECT + "/volumes")),
                answer("300 versions", 300, null, () -> given().get("/")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheRequestIdAndTheMicroversion(String name, int status, String version,
            Supplier<Response> call) {
        Response response = call.get();

        assertThat(response.statusCode()).isEqualTo(status);
        String id = response.header("x-openstack-request-id");
        assertThat(id).startsWith("req-").hasSize("req-".length() + 36);
        assertThat(response.header("x-compute-request-id")).isEqualTo(id);
        if (version != null) {
            assertThat(response.header(Api.VERSION_HEADER)).isEqualTo(version);
            assertThat(response.header("Vary")).isEqualTo(Api.VERSION_HEADER);
        }
    }

    private static Arguments answer(String name, int status, String version, Supplier<Response> call) {
        return Arguments.of(name, status, version, call);
    }
}
