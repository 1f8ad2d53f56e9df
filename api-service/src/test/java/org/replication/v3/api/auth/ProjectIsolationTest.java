package org.replication.v3.api.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Volumes;

/** A project sees only its own volumes, and a URL cannot speak for another project than the caller's. */
@QuarkusTest
class ProjectIsolationTest {

    @Test
    void anotherProjectsVolumeDoesNotExistForAMember() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String id = Volumes.create(owner);

        Api.member(stranger).get("/v3/" + stranger + "/volumes/" + id)
                .then().statusCode(404).body("itemNotFound.message", equalTo("Volume " + id + " could not be found."));
        Api.member(stranger).delete("/v3/" + stranger + "/volumes/" + id).then().statusCode(404);
        Api.member(stranger).get("/v3/" + stranger + "/volumes").then().statusCode(200)
                .body("volumes", equalTo(java.util.List.of()));
        Api.member(owner).get("/v3/" + owner + "/volumes/" + id).then().statusCode(200);
    }

    @Test
    void urlNamingAnotherProjectIsAMalformedUrl() {
        String project = Api.newProject();
        String other = Api.newProject();

        Api.admin(project).get("/v3/" + other + "/volumes")
                .then().statusCode(400)
                .header(Api.VERSION_HEADER, "volume 3.0")
                .body("badRequest.code", equalTo(400))
                .body("badRequest.message", equalTo("Malformed request url"));
        Api.member(project).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + other + "/volumes").then().statusCode(400);
        Api.admin(other).get("/v3/" + other + "/volumes").then().statusCode(200)
                .body("volumes", equalTo(java.util.List.of()));
    }

    @Test
    void noauthHeadersWithoutATokenIdentifyTheCaller() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        given().header("x-user-id", "someone").header("x-project-id", project).header("X-Roles", "member")
                .get("/v3/" + project + "/volumes/" + id).then().statusCode(200)
                .body("volume.id", equalTo(id));
    }

    @Test
    void tokenWithoutProjectActsForTheUsersOwnProject() {
        String project = Api.newProject();

        given().header("X-Auth-Token", project).get("/v3/" + project + "/volumes").then().statusCode(200);
    }

    @Test
    void callerWithoutRolesHeaderGetsTheConfiguredDefaultRoles() {
        String project = Api.newProject();
        String name = "type-" + java.util.UUID.randomUUID();

        given().header("X-Auth-Token", "admin:" + project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200);
    }
}
