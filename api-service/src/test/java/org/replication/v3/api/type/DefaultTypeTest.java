package org.replication.v3.api.type;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;

/** Project default types ({@code /v3/default-types}, 3.62) and which type a volume created without one gets. */
@QuarkusTest
class DefaultTypeTest {

    private static final String DEFAULTS = "/v3/default-types/";

    @Inject
    Rows rows;

    private static RequestSpecification admin(String project) {
        return Api.at(Api.admin(project), "3.62");
    }

    private static String typeName(String project, String id) {
        return Api.admin(project).get("/v3/" + project + "/types/" + id).then().extract().path("volume_type.name");
    }

    @Test
    void aProjectsDefaultTypeIsSetReadListedAndUnset() {
        String admin = Api.newProject();
        String project = Api.newProject();
        String type = VolumeTypeAccessTest.createType(admin, true);

        admin(admin).contentType(ContentType.JSON)
                .body("{\"default_type\": {\"volume_type\": \"" + typeName(admin, type) + "\"}}")
                .put(DEFAULTS + project).then().statusCode(200)
                .body("default_type", equalTo(Map.of("project_id", project, "volume_type_id", type)));
        admin(admin).get(DEFAULTS + project).then().statusCode(200)
                .body("default_type.volume_type_id", equalTo(type));
        admin(admin).get("/v3/default-types").then().statusCode(200)
                .body("default_types.project_id", hasItem(project));

        admin(admin).delete(DEFAULTS + project).then().statusCode(204);

        admin(admin).get(DEFAULTS + project).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Default type for project " + project + " not found."));
        admin(admin).delete(DEFAULTS + project).then().statusCode(204);
    }

    @Test
    void aVolumeWithoutATypeGetsItsProjectsDefaultElseTheConfiguredOne() {
        String project = Api.newProject();
        String other = Api.newProject();
        String type = VolumeTypeAccessTest.createType(project, true);
        String name = typeName(project, type);
        admin(project).contentType(ContentType.JSON).body("{\"default_type\": {\"volume_type\": \"" + type + "\"}}")
                .put(DEFAULTS + project).then().statusCode(200);

        Api.member(project).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).body("volume.volume_type", equalTo(name));
        Api.member(project).get("/v3/" + project + "/types/default").then().statusCode(200)
                .body("volume_type.id", equalTo(type));
        Api.member(other).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + other + "/volumes").then().statusCode(202)
                .body("volume.volume_type", equalTo("__DEFAULT__"));
        Api.member(other).get("/v3/" + other + "/types/default").then().statusCode(200)
                .body("volume_type.name", equalTo("__DEFAULT__"));

        Api.admin(project).delete("/v3/" + project + "/types/" + type).then().statusCode(400);
        admin(project).delete(DEFAULTS + project).then().statusCode(204);
        Api.member(project).contentType(ContentType.JSON).body("{\"volume\": {\"size\": 1}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202)
                .body("volume.volume_type", equalTo("__DEFAULT__"));
    }

    @Test
    void defaultTypesNeedMicroversion362AndAnAdmin() {
        String project = Api.newProject();
        String type = VolumeTypeAccessTest.createType(project, true);
        String body = "{\"default_type\": {\"volume_type\": \"" + type + "\"}}";

        Api.at(Api.admin(project), "3.61").contentType(ContentType.JSON).body(body).put(DEFAULTS + project)
                .then().statusCode(404).body("itemNotFound.message", equalTo("The resource could not be found."));
        Api.at(Api.admin(project), "3.61").get("/v3/default-types").then().statusCode(404);
        Api.at(Api.member(project), "3.62").contentType(ContentType.JSON).body(body).put(DEFAULTS + project)
                .then().statusCode(403).body("forbidden.message",
                        equalTo("Policy doesn't allow volume_extension:default_set_or_update to be performed."));
        Api.at(Api.member(project), "3.62").get(DEFAULTS + project).then().statusCode(403);
        Api.at(Api.member(project), "3.62").get("/v3/default-types").then().statusCode(403);
        Api.at(Api.member(project), "3.62").delete(DEFAULTS + project).then().statusCode(403);
        given().header(Api.VERSION_HEADER, "volume 3.62").get("/v3/default-types").then().statusCode(401);

        assertThat(rows.count("select count(*) from default_volume_type where project_id = $1", project)).isZero();
    }

    @Test
    void badDefaultTypeRequestsAreRefused() {
        String project = Api.newProject();

        admin(project).contentType(ContentType.JSON)
                .body("{\"default_type\": {\"volume_type\": \"no-such-type-" + UUID.randomUUID() + "\"}}")
                .put(DEFAULTS + project).then().statusCode(404);
        admin(project).contentType(ContentType.JSON).body("{\"default_type\": {}}").put(DEFAULTS + project)
                .then().statusCode(400);
        admin(project).contentType(ContentType.JSON).body("{\"default_type\": {\"volume_type\": \"x\", \"y\": 1}}")
                .put(DEFAULTS + project).then().statusCode(400);
        admin(project).contentType(ContentType.JSON).body("{\"volume_type\": \"x\"}").put(DEFAULTS + project)
                .then().statusCode(400);

        assertThat(rows.count("select count(*) from default_volume_type where project_id = $1", project)).isZero();
    }
}
