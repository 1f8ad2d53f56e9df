package org.replication.v3.api.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Rows;

/** Group types and group specs (3.11+): Cinder's shapes, admin-only management, visibility, refusals. */
@QuarkusTest
class GroupTypeTest {

    private static final String REPLICATED = "{\"consistent_group_replication_enabled\": \"<is> True\"}";

    @Inject
    Rows rows;

    @Test
    void adminCreatesAGroupTypeAnsweredAcceptedAsCinderDoes() {
        String project = Api.newProject();
        String name = "gt-" + UUID.randomUUID();

        Response created = GroupSteps.admin(project, "3.11")
                .body("{\"group_type\": {\"name\": \"" + name + "\", \"description\": \"golden capture\","
                        + " \"group_specs\": " + REPLICATED + "}}")
                .post("/v3/" + project + "/group_types");

        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(created.header(Api.VERSION_HEADER)).isEqualTo("volume 3.11");
        Golden.assertSameShape(Golden.parse(created.asString()), "group-type-create.json");
        String id = created.jsonPath().getString("group_type.id");
        Response shown = GroupSteps.admin(project, "3.11").get("/v3/" + project + "/group_types/" + id);
        assertThat(shown.statusCode()).isEqualTo(200);
        Golden.assertSameShape(Golden.parse(shown.asString()), "group-type-show.json");
        assertThat(shown.jsonPath().getMap("group_type.group_specs"))
                .isEqualTo(Map.of("consistent_group_replication_enabled", "<is> True"));
        assertThat(shown.jsonPath().getBoolean("group_type.is_public")).isTrue();
    }

    @Test
    void groupTypesDoNotExistBelowMicroversion311() {
        String project = Api.newProject();
        String name = "gt-" + UUID.randomUUID();

        GroupSteps.admin(project, "3.10").body("{\"group_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/group_types").then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
        Api.admin(project).get("/v3/" + project + "/group_types").then().statusCode(404);
        assertThat(rows.count("select count(*) from group_type where name = $1", name)).isZero();
    }

    @Test
    void membersMayNotManageGroupTypesNorTheirSpecs() {
        String project = Api.newProject();
        String name = "gt-" + UUID.randomUUID();
        String id = GroupSteps.groupType(project, "{\"k\": \"v\"}");

        GroupSteps.member(project, "3.11").body("{\"group_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/group_types").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow group:group_types:create to be performed."));
        GroupSteps.member(project, "3.11").body("{\"group_type\": {\"name\": \"x\"}}")
                .put("/v3/" + project + "/group_types/" + id).then().statusCode(403);
        GroupSteps.member(project, "3.11").delete("/v3/" + project + "/group_types/" + id).then().statusCode(403);
        GroupSteps.member(project, "3.11").body("{\"group_specs\": {\"a\": \"b\"}}")
                .post("/v3/" + project + "/group_types/" + id + "/group_specs").then().statusCode(403);
        GroupSteps.member(project, "3.11").get("/v3/" + project + "/group_types/" + id + "/group_specs")
                .then().statusCode(403);
        GroupSteps.member(project, "3.11").body("{\"k\": \"w\"}")
                .put("/v3/" + project + "/group_types/" + id + "/group_specs/k").then().statusCode(403);
        GroupSteps.member(project, "3.11").delete("/v3/" + project + "/group_types/" + id + "/group_specs/k")
                .then().statusCode(403);
        assertThat(rows.count("select count(*) from group_type where name = $1", name)).isZero();
        assertThat(rows.one("select group_specs::text from group_type where id = $1", UUID.fromString(id))
                .getString(0)).isEqualTo("{\"k\": \"v\"}");
    }

    @Test
    void membersSeePublicTypesWithoutSpecsAndNoPrivateOnes() {
        String project = Api.newProject();
        String publicId = GroupSteps.groupType(project, "{\"k\": \"v\"}");
        String privateId = GroupSteps.admin(project, "3.11")
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"is_public\": false}}")
                .post("/v3/" + project + "/group_types").then().statusCode(202).extract().path("group_type.id");

        GroupSteps.member(project, "3.11").get("/v3/" + project + "/group_types/" + publicId).then().statusCode(200)
                .body("group_type", not(org.hamcrest.Matchers.hasKey("group_specs")));
        GroupSteps.member(project, "3.11").get("/v3/" + project + "/group_types/" + privateId).then()
                .statusCode(404).body("itemNotFound.message", equalTo("Group type " + privateId
                        + " could not be found."));
        GroupSteps.member(project, "3.11").get("/v3/" + project + "/group_types").then().statusCode(200)
                .body("group_types.id", hasItem(publicId)).body("group_types.id", not(hasItem(privateId)));
        GroupSteps.admin(project, "3.11").get("/v3/" + project + "/group_types").then().statusCode(200)
                .body("group_types.id", hasItem(privateId));
    }

    @Test
    void theDefaultGroupTypeIsShownAndCannotBeDeleted() {
        String project = Api.newProject();

        String id = GroupSteps.member(project, "3.11").get("/v3/" + project + "/group_types/default").then()
                .statusCode(200).body("group_type.name", equalTo("default_group_type"))
                .extract().path("group_type.id");
        GroupSteps.admin(project, "3.11").delete("/v3/" + project + "/group_types/" + id).then().statusCode(400)
                .body("badRequest.message", equalTo("Default group type can not be deleted."));
    }

    @Test
    void adminUpdatesAndDeletesAGroupType() {
        String project = Api.newProject();
        String id = GroupSteps.groupType(project, "{}");
        String renamed = "gt-" + UUID.randomUUID();

        GroupSteps.admin(project, "3.11")
                .body("{\"group_type\": {\"name\": \"" + renamed + "\", \"description\": \"d\", \"is_public\": false}}")
                .put("/v3/" + project + "/group_types/" + id).then().statusCode(200)
                .body("group_type.name", equalTo(renamed)).body("group_type.is_public", equalTo(false));
        GroupSteps.admin(project, "3.11").body("{\"group_type\": {}}")
                .put("/v3/" + project + "/group_types/" + id).then().statusCode(400)
                .body("badRequest.message", equalTo("Specify group type name, description or a combination"
                        + " thereof."));
        GroupSteps.admin(project, "3.11").delete("/v3/" + project + "/group_types/" + id).then().statusCode(202);
        GroupSteps.admin(project, "3.11").get("/v3/" + project + "/group_types/" + id).then().statusCode(404);
        GroupSteps.admin(project, "3.11").delete("/v3/" + project + "/group_types/" + id).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group type " + id + " could not be found."));
    }

    @Test
    void namesAreUniqueAndBadBodiesWriteNothing() {
        String project = Api.newProject();
        String name = "gt-" + UUID.randomUUID();
        GroupSteps.admin(project, "3.11").body("{\"group_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/group_types").then().statusCode(202);

        GroupSteps.admin(project, "3.11").body("{\"group_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/group_types").then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Group Type " + name + " already exists."));
        GroupSteps.admin(project, "3.11").body("{\"group_type\": {\"description\": \"no name\"}}")
                .post("/v3/" + project + "/group_types").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.endsWith("'name' is a required property"));
        GroupSteps.admin(project, "3.11")
                .body("{\"group_type\": {\"name\": \"" + name + "-2\", \"group_specs\": {\"k\": 1}}}")
                .post("/v3/" + project + "/group_types").then().statusCode(400);
        GroupSteps.admin(project, "3.11").body("{\"group_type\": {\"name\": \"" + name + "-3\", \"extra\": 1}}")
                .post("/v3/" + project + "/group_types").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("'extra' was unexpected"));
        assertThat(rows.count("select count(*) from group_type where name like $1", name + "%")).isEqualTo(1);
    }

    @Test
    void groupSpecsAreSetReadReplacedAndDeletedByAdmins() {
        String project = Api.newProject();
        String id = GroupSteps.groupType(project, "{}");
        String specs = "/v3/" + project + "/group_types/" + id + "/group_specs";

        GroupSteps.admin(project, "3.11").body("{\"group_specs\": {\"group_replication_enabled\": \"<is> True\","
                        + " \"replication_mode\": \"sync\"}}")
                .post(specs).then().statusCode(202)
                .body("group_specs.group_replication_enabled", equalTo("<is> True"));
        GroupSteps.admin(project, "3.11").get(specs).then().statusCode(200)
                .body("group_specs", equalTo(Map.of("group_replication_enabled", "<is> True",
                        "replication_mode", "sync")));
        GroupSteps.admin(project, "3.11").get(specs + "/replication_mode").then().statusCode(200)
                .body("replication_mode", equalTo("sync"));
        GroupSteps.admin(project, "3.11").body("{\"replication_mode\": \"async\"}").put(specs + "/replication_mode")
                .then().statusCode(202).body("replication_mode", equalTo("async"));
        GroupSteps.admin(project, "3.11").body("{\"other\": \"async\"}").put(specs + "/replication_mode")
                .then().statusCode(400).body("badRequest.message", equalTo("Request body and URI mismatch"));
        GroupSteps.admin(project, "3.11").delete(specs + "/replication_mode").then().statusCode(202);
        GroupSteps.admin(project, "3.11").get(specs + "/replication_mode").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group Type " + id + " has no specs with key"
                        + " replication_mode."));
        GroupSteps.admin(project, "3.11").delete(specs + "/replication_mode").then().statusCode(404);
        GroupSteps.admin(project, "3.11").body("{\"group_specs\": \"nope\"}").post(specs).then().statusCode(400);
        GroupSteps.admin(project, "3.11").get(specs).then().statusCode(200)
                .body("group_specs", equalTo(Map.of("group_replication_enabled", "<is> True")));
        GroupSteps.admin(project, "3.11").get("/v3/" + project + "/group_types/" + UUID.randomUUID()
                + "/group_specs").then().statusCode(404);
    }

    @Test
    void aGroupTypeInUseCannotBeDeleted() {
        String project = Api.newProject();
        String type = GroupSteps.groupType(project, "{}");
        GroupSteps.group(project, type, GroupSteps.volumeType(project));

        GroupSteps.admin(project, "3.11").delete("/v3/" + project + "/group_types/" + type).then().statusCode(400)
                .body("badRequest.message", equalTo("Group Type " + type
                        + " deletion is not allowed with groups present with the type."));
    }
}
