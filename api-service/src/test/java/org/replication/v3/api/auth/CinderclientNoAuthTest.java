package org.replication.v3.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/**
 * Requests exactly as python-cinderclient's noauth plugin sends them ({@code cinderclient/contrib/noauth.py}:
 * {@code X-Auth-Token: user:project}, {@code x-user-id}, {@code x-project-id}, microversion 3.70), to the endpoint
 * with and without the project, and, where the client is installed, the real {@code cinder} command.
 */
@QuarkusTest
class CinderclientNoAuthTest {

    private static final Path CINDER = Path.of("/usr/bin/cinder");

    private static RequestSpecification cinderclient(String user, String project) {
        return given().accept(ContentType.JSON)
                .header("User-Agent", "python-cinderclient")
                .header(Api.VERSION_HEADER, "volume 3.70")
                .header("x-user-id", user)
                .header("x-project-id", project)
                .header("X-Auth-Token", user + ":" + project);
    }

    @Test
    void endpointWithoutTheProjectServesTheTokensProject() {
        String project = Api.newProject();
        String id = cinderclient("admin", project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"consistencygroup_id\": null, \"snapshot_id\": null,"
                        + " \"name\": \"cc\", \"description\": null, \"volume_type\": null,"
                        + " \"availability_zone\": null, \"metadata\": {}, \"imageRef\": null,"
                        + " \"source_volid\": null, \"backup_id\": null}}")
                .post("/v3/volumes").then().statusCode(202).extract().path("volume.id");

        cinderclient("admin", project).get("/v3/volumes/detail").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(id)));
        cinderclient("admin", project).get("/v3/" + project + "/volumes/" + id).then().statusCode(200)
                .body("volume['os-vol-tenant-attr:tenant_id']", equalTo(project))
                .body("volume.user_id", equalTo("admin"));
    }

    @Test
    void emptyUserIdActsAsTheProject() {
        String project = Api.newProject();

        cinderclient("", project).get("/v3/" + project + "/volumes/detail").then().statusCode(200);
    }

    @Test
    void theCinderCommandListsVolumes() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CINDER), "python3-cinderclient is not installed");
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 3, \"name\": \"from-cli\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202);

        String output = cinder(project, "list");

        assertThat(output).contains("from-cli").contains("creating").contains("| 3 ");
    }

    @Test
    void theCinderCommandManagesTypeAccessAndProjectDefaults() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(CINDER), "python3-cinderclient is not installed");
        String project = Api.newProject();
        String granted = Api.newProject();
        String name = "cli-" + UUID.randomUUID();

        assertThat(cinder(project, "type-create", "--is-public", "false", name)).contains(name);
        cinder(project, "type-access-add", "--volume-type", name, "--project-id", granted);
        assertThat(cinder(project, "type-access-list", "--volume-type", name)).contains(granted);
        assertThat(cinder(project, "type-update", "--description", "for the cli", typeId(project, name)))
                .contains("for the cli");
        assertThat(cinder(project, "--os-volume-api-version", "3.62", "default-type-set", name, granted))
                .contains(granted);
        assertThat(cinder(project, "--os-volume-api-version", "3.62", "default-type-list")).contains(granted);
        assertThat(cinder(project, "type-list")).contains(name);
    }

    private static String typeId(String project, String name) {
        return Api.admin(project).get("/v3/" + project + "/types/" + name).then().statusCode(200)
                .extract().path("volume_type.id");
    }

    /** Runs {@code cinder} as an admin of the project against this API; fails the test on a non-zero exit. */
    private static String cinder(String project, String... arguments) throws IOException, InterruptedException {
        String endpoint = "http://127.0.0.1:" + RestAssured.port + "/v3";
        List<String> command = new ArrayList<>(List.of(CINDER.toString(), "--os-auth-type", "noauth",
                "--os-endpoint", endpoint, "--os-user-id", "admin", "--os-project-id", project));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", arguments) + ": " + output).isZero();
        return output;
    }
}
