package org.replication.v3.api.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;

/** Private types and their access lists: who sees them in lists and shows, and who may create volumes of them. */
@QuarkusTest
class VolumeTypeAccessTest {

    @Inject
    Rows rows;

    static String createType(String project, boolean isPublic) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"type-" + UUID.randomUUID()
                        + "\", \"os-volume-type-access:is_public\": " + isPublic + "}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
    }

    private static void access(String adminProject, String typeId, String action, String project, int status) {
        Api.admin(adminProject).contentType(ContentType.JSON)
                .body("{\"" + action + "\": {\"project\": \"" + project + "\"}}")
                .post("/v3/" + adminProject + "/types/" + typeId + "/action").then().statusCode(status);
    }

    @Test
    void aProjectOnTheAccessListSeesAndUsesThePrivateType() {
        String admin = Api.newProject();
        String granted = Api.newProject();
        String other = Api.newProject();
        String type = createType(admin, false);

        access(admin, type, "addProjectAccess", granted, 202);

        Api.admin(admin).get("/v3/" + admin + "/types/" + type + "/os-volume-type-access").then().statusCode(200)
                .body("volume_type_access", equalTo(List.of(Map.of("volume_type_id", type, "project_id", granted))));
        Api.member(granted).get("/v3/" + granted + "/types").then().statusCode(200)
                .body("volume_types.id", hasItem(type));
        Api.member(granted).get("/v3/" + granted + "/types/" + type).then().statusCode(200)
                .body("volume_type.is_public", equalTo(false));
        Api.member(granted).get("/v3/" + granted + "/types/" + type + "/extra_specs").then().statusCode(200);
        Api.member(granted).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + type + "\"}}")
                .post("/v3/" + granted + "/volumes").then().statusCode(202)
                .body("volume.volume_type", not(equalTo("__DEFAULT__")));

        Api.member(other).get("/v3/" + other + "/types").then().statusCode(200)
                .body("volume_types.id", not(hasItem(type)));
        Api.member(other).get("/v3/" + other + "/types/" + type).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume type " + type + " could not be found."));
        Api.member(other).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + type + "\"}}")
                .post("/v3/" + other + "/volumes").then().statusCode(404);
    }

    @Test
    void removedAccessHidesTheTypeAgain() {
        String admin = Api.newProject();
        String project = Api.newProject();
        String type = createType(admin, false);
        access(admin, type, "addProjectAccess", project, 202);

        access(admin, type, "removeProjectAccess", project, 202);

        Api.member(project).get("/v3/" + project + "/types/" + type).then().statusCode(404);
        Api.admin(admin).get("/v3/" + admin + "/types/" + type + "/os-volume-type-access").then().statusCode(200)
                .body("volume_type_access", equalTo(List.of()));
        assertThat(rows.count("select count(*) from volume_type_access where volume_type_id = $1::uuid", type))
                .isZero();
    }

    @Test
    void accessChangesAreCheckedAsCinderDoes() {
        String admin = Api.newProject();
        String project = Api.newProject();
        String privateType = createType(admin, false);
        String publicType = createType(admin, true);
        String actions = "/v3/" + admin + "/types/" + privateType + "/action";
        access(admin, privateType, "addProjectAccess", project, 202);

        Api.admin(admin).contentType(ContentType.JSON)
                .body("{\"addProjectAccess\": {\"project\": \"" + project + "\"}}").post(actions)
                .then().statusCode(409).body("conflictingRequest.message", equalTo("Volume type access for "
                        + privateType + " / " + project + " combination already exists."));
        Api.admin(admin).contentType(ContentType.JSON)
                .body("{\"removeProjectAccess\": {\"project\": \"nobody\"}}").post(actions)
                .then().statusCode(404).body("itemNotFound.message", equalTo("Volume type access not found for "
                        + privateType + " / nobody combination."));
        Api.admin(admin).contentType(ContentType.JSON)
                .body("{\"addProjectAccess\": {\"project\": \"" + project + "\"}}")
                .post("/v3/" + admin + "/types/" + publicType + "/action")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume type: Type access"
                        + " modification is not applicable to public volume type."));
        Api.admin(admin).get("/v3/" + admin + "/types/" + publicType + "/os-volume-type-access")
                .then().statusCode(404)
                .body("itemNotFound.message", equalTo("Access list not available for public volume types."));
        Api.admin(admin).contentType(ContentType.JSON).body("{\"addProjectAccess\": {}}").post(actions)
                .then().statusCode(400);
        Api.admin(admin).contentType(ContentType.JSON).body("{\"addProjectAccess\": {\"project\": 5}}").post(actions)
                .then().statusCode(400);
        Api.admin(admin).contentType(ContentType.JSON).body("{\"grantEverything\": {}}").post(actions)
                .then().statusCode(400);
        Api.admin(admin).contentType(ContentType.JSON)
                .body("{\"addProjectAccess\": {\"project\": \"p\"}}")
                .post("/v3/" + admin + "/types/" + UUID.randomUUID() + "/action").then().statusCode(404);

        assertThat(rows.count("select count(*) from volume_type_access where volume_type_id = $1::uuid",
                privateType)).isEqualTo(1);
    }

    @Test
    void adminsFilterTheTypeListWithIsPublic() {
        String admin = Api.newProject();
        String privateType = createType(admin, false);
        String publicType = createType(admin, true);
        String types = "/v3/" + admin + "/types";

        Api.admin(admin).get(types).then().statusCode(200)
                .body("volume_types.id", hasItem(publicType)).body("volume_types.id", not(hasItem(privateType)));
        Api.admin(admin).get(types + "?is_public=None").then().statusCode(200)
                .body("volume_types.id", hasItem(publicType)).body("volume_types.id", hasItem(privateType));
        Api.admin(admin).get(types + "?is_public=false").then().statusCode(200)
                .body("volume_types.id", hasItem(privateType)).body("volume_types.id", not(hasItem(publicType)))
                .body("volume_types.is_public", not(hasItem(true)));
        Api.admin(admin).get(types + "?is_public=maybe").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid is_public filter [maybe]"));
        Api.member(admin).get(types + "?is_public=false").then().statusCode(200)
                .body("volume_types.id", not(hasItem(privateType)));
    }
}
