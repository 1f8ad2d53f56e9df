package org.replication.v3.api.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;

/** {@code PUT /types/{id}}: rename, describe, publish. */
@QuarkusTest
class VolumeTypeUpdateTest {

    @Inject
    Rows rows;

    private static String put(String project, String id, String body, int status) {
        return Api.admin(project).contentType(ContentType.JSON).body(body).put("/v3/" + project + "/types/" + id)
                .then().statusCode(status).extract().asString();
    }

    @Test
    void adminRenamesDescribesAndPublishesAType() {
        String project = Api.newProject();
        String id = VolumeTypeAccessTest.createType(project, false);
        String name = "renamed-" + UUID.randomUUID();

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\", \"description\": \"gold\", \"is_public\": true}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(200)
                .body("volume_type.id", equalTo(id))
                .body("volume_type.name", equalTo(name))
                .body("volume_type.description", equalTo("gold"))
                .body("volume_type.is_public", equalTo(true))
                .body("volume_type['os-volume-type-access:is_public']", equalTo(true));

        Api.member(project).get("/v3/" + project + "/types/" + name).then().statusCode(200)
                .body("volume_type.description", equalTo("gold"));
        put(project, id, "{\"volume_type\": {\"description\": \"silver\"}}", 200);
        Api.admin(project).get("/v3/" + project + "/types/" + id).then()
                .body("volume_type.name", equalTo(name)).body("volume_type.description", equalTo("silver"));
    }

    @Test
    void updatesAreCheckedAsCinderDoes() {
        String project = Api.newProject();
        String id = VolumeTypeAccessTest.createType(project, true);
        String taken = "taken-" + UUID.randomUUID();
        put(project, VolumeTypeAccessTest.createType(project, true), "{\"volume_type\": {\"name\": \"" + taken + "\"}}",
                200);
        String before = Api.admin(project).get("/v3/" + project + "/types/" + id).then()
                .extract().path("volume_type.name");

        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + taken + "\"}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Volume Type " + taken + " already exists."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"  \"}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(400)
                .body("badRequest.message", equalTo("Volume type name can not be empty."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(400)
                .body("badRequest.message",
                        equalTo("Specify volume type name, description, is_public or a combination thereof."));
        put(project, id, "{\"volume_type\": {\"name\": \"x\", \"colour\": \"red\"}}", 400);
        put(project, id, "{\"volume_type\": {\"is_public\": \"perhaps\"}}", 400);
        put(project, id, "{\"volume_type\": {\"name\": \"" + "n".repeat(256) + "\"}}", 400);
        put(project, UUID.randomUUID().toString(), "{\"volume_type\": {\"name\": \"x\"}}", 404);
        Api.member(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"mine\"}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(403)
                .body("forbidden.message",
                        equalTo("Policy doesn't allow volume_extension:type_update to be performed."));

        assertThat(rows.count("select count(*) from volume_type where id = $1::uuid and name = $2", id, before))
                .as("unchanged").isEqualTo(1);
    }

    @Test
    void theConfiguredDefaultTypeKeepsItsName() {
        String project = Api.newProject();
        String id = Api.admin(project).get("/v3/" + project + "/types/default").then().extract().path("volume_type.id");

        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"not-default\"}}")
                .put("/v3/" + project + "/types/" + id).then().statusCode(400);
        Api.admin(project).get("/v3/" + project + "/types/default").then().statusCode(200)
                .body("volume_type.name", equalTo("__DEFAULT__"));
    }
}
