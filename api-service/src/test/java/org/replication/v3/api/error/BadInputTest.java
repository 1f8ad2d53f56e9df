package org.replication.v3.api.error;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;

/** Every refusal is in Cinder's fault format and leaves the database as it was. */
@QuarkusTest
class BadInputTest {

    @Inject
    Rows rows;

    private long volumesOf(String project) {
        return rows.count("select count(*) from volume where project_id = $1", project);
    }

    @Test
    void malformedJsonOnVolumeCreateIsRefusedAndWritesNothing() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1,")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(400)
                .header("x-compute-request-id", notNullValue())
                .header(Api.VERSION_HEADER, "volume 3.0")
                .body("badRequest.code", equalTo(400))
                .body("badRequest.message", equalTo("Malformed request body"));
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void malformedJsonOnTypeEndpointsIsRefusedAndWritesNothing() {
        String project = Api.newProject();
        String name = "type-" + UUID.randomUUID();
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + name + "\"")
                .post("/v3/" + project + "/types")
                .then().statusCode(400).body("badRequest.message", equalTo("Malformed request body"));
        assertThat(rows.count("select count(*) from volume_type where name = $1", name)).isZero();

        String id = Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        Api.admin(project).contentType(ContentType.JSON).body("[\"extra_specs\"")
                .post("/v3/" + project + "/types/" + id + "/extra_specs")
                .then().statusCode(400).body("badRequest.message", equalTo("Malformed request body"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"k\": ")
                .put("/v3/" + project + "/types/" + id + "/extra_specs/k")
                .then().statusCode(400).body("badRequest.message", equalTo("Malformed request body"));
        Api.admin(project).contentType(ContentType.JSON).put("/v3/" + project + "/types/" + id + "/extra_specs/k")
                .then().statusCode(400).body("badRequest.code", equalTo(400));
        assertThat(rows.count("select count(*) from volume_type where id = $1::uuid and extra_specs = '{}'::jsonb", id))
                .isEqualTo(1);
    }

    @Test
    void trailingGarbageAfterJsonIsMalformed() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": 1}} x", "Malformed request body");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void sizeThatIsNotANumberIsRefusedWithCindersMessage() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": \"abc\"}}",
                "Invalid input for field/attribute size. Value: abc. 'abc' does not match '^[0-9]+$'");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void zeroAndNegativeSizesAreRefused() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": 0}}",
                "Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1");
        createRefused(project, "{\"volume\": {\"size\": -1}}",
                "Invalid input for field/attribute size. Value: -1. -1 is less than the minimum of 1");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void wrongJsonTypesAreRefused() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": 1.5}}",
                "Invalid input for field/attribute size. Value: 1.5. 1.5 is not of type 'integer', 'string'");
        createRefused(project, "{\"volume\": {\"size\": 1, \"name\": 5}}",
                "Invalid input for field/attribute name. Value: 5. 5 is not of type 'string', 'null'");
        createRefused(project, "{\"volume\": [1]}",
                "Invalid input for field/attribute volume. Value: [1]. [1] is not of type 'object'");
        createRefused(project, "{\"volume\": {\"size\": 1, \"metadata\": {\"k\": 1}}}",
                "Invalid input for field/attribute k. Value: 1. 1 is not of type 'string'");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void nameLongerThan255CharactersIsRefused() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": 1, \"name\": \"" + "n".repeat(256) + "\"}}",
                "Invalid input received: name has 256 characters, more than 255.");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void missingBodyIsRefused() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON).post("/v3/" + project + "/volumes")
                .then().statusCode(400)
                .body("badRequest.message", equalTo("Missing required element 'volume' in request body."));
        Api.admin(project).contentType(ContentType.JSON).body("{}").post("/v3/" + project + "/volumes")
                .then().statusCode(400).body("badRequest.message", equalTo("'volume' is a required property"));
        Api.admin(project).contentType(ContentType.JSON).post("/v3/" + project + "/types")
                .then().statusCode(400)
                .body("badRequest.message", equalTo("Missing required element 'volume_type' in request body."));
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void missingSizeIsRefused() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"name\": \"x\"}}",
                "Invalid input received: Volume size 'None' must be an integer and greater than 0");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void unknownVolumeTypeIsNotFoundAndWritesNothing() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"nosuchtype\"}}")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(404)
                .body("itemNotFound.code", equalTo(404))
                .body("itemNotFound.message", equalTo("Volume type with name nosuchtype could not be found."));
        String id = UUID.randomUUID().toString();
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + id + "\"}}")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume type " + id + " could not be found."));
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void unknownVolumeIsNotFound() {
        String project = Api.newProject();
        String id = UUID.randomUUID().toString();
        Api.admin(project).get("/v3/" + project + "/volumes/" + id)
                .then().statusCode(404)
                .header(Api.VERSION_HEADER, "volume 3.0")
                .body("itemNotFound.message", equalTo("Volume " + id + " could not be found."));
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id)
                .then().statusCode(404).body("itemNotFound.code", equalTo(404));
        Api.admin(project).get("/v3/" + project + "/volumes/not-a-uuid")
                .then().statusCode(404).body("itemNotFound.message", equalTo("Volume not-a-uuid could not be found."));
    }

    @Test
    void unknownVolumeTypeIdIsNotFound() {
        String project = Api.newProject();
        String id = UUID.randomUUID().toString();
        Api.admin(project).get("/v3/" + project + "/types/" + id)
                .then().statusCode(404).body("itemNotFound.message", equalTo("Volume type " + id + " could not be found."));
        Api.admin(project).get("/v3/" + project + "/types/" + id + "/extra_specs")
                .then().statusCode(404).body("itemNotFound.code", equalTo(404));
        Api.admin(project).delete("/v3/" + project + "/types/" + id)
                .then().statusCode(404).body("itemNotFound.code", equalTo(404));
    }

    @Test
    void bodyOverTheSizeLimitIsRefusedWithOverLimit() {
        String project = Api.newProject();
        String huge = "{\"volume\": {\"size\": 1, \"description\": \"" + "x".repeat(1_100_000) + "\"}}";
        Api.admin(project).contentType(ContentType.JSON).body(huge).post("/v3/" + project + "/volumes")
                .then().statusCode(413)
                .header("x-openstack-request-id", notNullValue())
                .body("overLimit.code", equalTo(413))
                .body("overLimit.message", equalTo("Request is too large."));
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void unknownPathIsNotFoundLikeCindersRouter() {
        String project = Api.newProject();
        Api.admin(project).get("/v3/" + project + "/nosuchresource")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .header("x-openstack-request-id", notNullValue())
                .body("code", equalTo("404 Not Found"))
                .body("title", equalTo("Not Found"))
                .body("message", equalTo("The resource could not be found.<br /><br />\n\n\n"));
    }

    @Test
    void wrongMethodIsABadMethod() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON).body("{}").put("/v3/" + project + "/volumes")
                .then().statusCode(405)
                .body("badMethod.code", equalTo(405))
                .body("badMethod.message", equalTo("The method PUT is not allowed for this resource."));
    }

    @Test
    void bodyThatIsNotJsonIsAnUnsupportedMediaType() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.TEXT).body("size=1").post("/v3/" + project + "/volumes")
                .then().statusCode(415)
                .body("badMediaType.code", equalTo(415))
                .body("badMediaType.message", equalTo("Unsupported Content-Type"));
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void requestWithoutCredentialsIsUnauthorized() {
        String project = Api.newProject();
        given().get("/v3/" + project + "/volumes")
                .then().statusCode(401).body("unauthorized.code", equalTo(401));
    }

    @Test
    void nulInAFieldIsRefusedNamingTheFieldAndWritesNothing() {
        String project = Api.newProject();
        createRefused(project, "{\"volume\": {\"size\": 1, \"name\": \"a\\u0000b\"}}",
                "Invalid input received: field volume.name contains the control character U+0000,"
                        + " which is not allowed.");
        createRefused(project, "{\"volume\": {\"size\": 1, \"metadata\": {\"k\\u0000\": \"v\"}}}",
                "Invalid input received: key of field volume.metadata contains the control character U+0000,"
                        + " which is not allowed.");
        assertThat(volumesOf(project)).isZero();
    }

    @Test
    void tabsAndNewlinesInADescriptionAreKept() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"description\": \"line 1\\n\\tline 2\\r\\n\"}}")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(202).body("volume.description", equalTo("line 1\n\tline 2\r\n"));
    }

    @Test
    void nulInAQueryParameterIsRefused() {
        String project = Api.newProject();
        Api.admin(project).urlEncodingEnabled(false).get("/v3/" + project + "/volumes?name=a%00b")
                .then().statusCode(400).body("badRequest.message", equalTo(
                        "Invalid input received: query parameter name contains the control character U+0000,"
                                + " which is not allowed."));
    }

    @Test
    void requestLineOverTheLimitIsRefusedWithABody() {
        String project = Api.newProject();
        Api.admin(project).queryParam("name", "n".repeat(20_000)).get("/v3/" + project + "/volumes")
                .then().statusCode(414)
                .contentType(ContentType.JSON)
                .body("requestUriTooLong.code", equalTo(414))
                .body("requestUriTooLong.message", equalTo("The request line is longer than 16384 bytes."));
    }

    @Test
    void headersOverTheLimitAreRefusedWithABody() {
        String project = Api.newProject();
        Api.admin(project).header("X-Padding", "p".repeat(40_000)).get("/v3/" + project + "/volumes")
                .then().statusCode(431)
                .contentType(ContentType.JSON)
                .body("requestHeaderFieldsTooLarge.code", equalTo(431))
                .body("requestHeaderFieldsTooLarge.message", equalTo("The request headers are larger than 32768 bytes."));
    }

    @Test
    void aUrlThatIsNotAUriIsRefusedWithABodyAndChangesNothing() throws IOException {
        String project = Api.newProject();
        String body = "{\"volume\": {\"name\": \"renamed\"}}";
        // Sent on a raw socket: an HTTP client library would refuse to build these URLs in the first place.
        for (String target : new String[] {"/volumes/%ZZ", "/volumes/a%2", "/volumes/a|b", "/volumes?name=%ZZ"}) {
            String response = rawRequest("PUT /v3/" + project + target + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nX-Auth-Token: admin:" + project + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                    + "Connection: close\r\n\r\n" + body);
            assertThat(response).as(target).startsWith("HTTP/1.1 400 ");
            String json = response.substring(response.indexOf("\r\n\r\n") + 4);
            JsonPath fault = JsonPath.from(json);
            assertThat(fault.getInt("badRequest.code")).as(target).isEqualTo(400);
            assertThat(fault.getString("badRequest.message")).as(target).startsWith("Malformed request URL: ");
        }
        Api.admin(project).get("/v3/" + project + "/volumes").then().statusCode(200).body("volumes.size()", equalTo(0));
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A volume create with {@code body} is Cinder's 400 with {@code message}. */
    private static void createRefused(String project, String body, String message) {
        Api.admin(project).contentType(ContentType.JSON).body(body).post("/v3/" + project + "/volumes")
                .then().statusCode(400).body("badRequest.message", equalTo(message));
    }
}
