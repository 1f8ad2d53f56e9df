package org.replication.v3.api.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Rows;

@QuarkusTest
class VolumeTypeTest {

    @Inject
    Rows rows;

    private static String uniqueName() {
        return "type-" + UUID.randomUUID();
    }

    private static String createType(String project, String name) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
    }

    @Test
    void adminCreatesATypeAnsweredAsCinderDoes() {
        String project = Api.newProject();
        String name = uniqueName();

        Response created = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\", \"description\": \"golden capture\","
                        + " \"os-volume-type-access:is_public\": true}}")
                .post("/v3/" + project + "/types");

        assertThat(created.statusCode()).isEqualTo(200);
        Golden.assertSameShape(Golden.parse(created.asString()), "type-create.json");
        String id = created.jsonPath().getString("volume_type.id");
        Response shown = Api.admin(project).get("/v3/" + project + "/types/" + id);
        Golden.assertSameShape(Golden.parse(shown.asString()), "type-show.json");
        assertThat(shown.jsonPath().getString("volume_type.name")).isEqualTo(name);
        assertThat(shown.jsonPath().getBoolean("volume_type.is_public")).isTrue();
        Api.admin(project).get("/v3/" + project + "/types/" + name).then().statusCode(200)
                .body("volume_type.id", equalTo(id));
    }

    @Test
    void typeNamesAreUnique() {
        String project = Api.newProject();
        String name = uniqueName();
        createType(project, name);

        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types")
                .then().statusCode(409)
                .body("conflictingRequest.code", equalTo(409))
                .body("conflictingRequest.message", equalTo("Volume Type " + name + " already exists."));
        assertThat(rows.count("select count(*) from volume_type where name = $1", name)).isEqualTo(1);
    }

    @Test
    void memberMayNotCreateTypes() {
        String project = Api.newProject();
        String name = uniqueName();

        Api.member(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types")
                .then().statusCode(403)
                .body("forbidden.code", equalTo(403))
                .body("forbidden.message", equalTo("Policy doesn't allow volume_extension:type_create to be performed."));
        assertThat(rows.count("select count(*) from volume_type where name = $1", name)).isZero();
    }

    @Test
    void memberMayReadTypesButNotChangeTheirSpecs() {
        String project = Api.newProject();
        String id = createType(project, uniqueName());

        Api.member(project).get("/v3/" + project + "/types/" + id).then().statusCode(200);
        Api.member(project).get("/v3/" + project + "/types/" + id + "/extra_specs").then().statusCode(200);
        Api.member(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"k\": \"v\"}}")
                .post("/v3/" + project + "/types/" + id + "/extra_specs").then().statusCode(403);
        Api.member(project).delete("/v3/" + project + "/types/" + id).then().statusCode(403);
    }

    @Test
    void extraSpecsAreSetReadUpdatedAndDeleted() {
        String project = Api.newProject();
        String id = createType(project, uniqueName());
        String specs = "/v3/" + project + "/types/" + id + "/extra_specs";

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"extra_specs\": {\"replication_enabled\": \"<is> True\", \"volume_backend_name\": \"fast\"}}")
                .post(specs).then().statusCode(200)
                .body("extra_specs", equalTo(Map.of("replication_enabled", "<is> True", "volume_backend_name", "fast")));
        Api.admin(project).get(specs).then().statusCode(200)
                .body("extra_specs", equalTo(Map.of("replication_enabled", "<is> True", "volume_backend_name", "fast")));
        Api.admin(project).get(specs + "/volume_backend_name").then().statusCode(200)
                .body("volume_backend_name", equalTo("fast"));

        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_backend_name\": \"slow\"}")
                .put(specs + "/volume_backend_name").then().statusCode(200)
                .body("volume_backend_name", equalTo("slow"));
        Api.admin(project).delete(specs + "/replication_enabled").then().statusCode(202);

        Api.admin(project).get(specs).then().statusCode(200)
                .body("extra_specs", equalTo(Map.of("volume_backend_name", "slow")));
        Api.admin(project).get(specs + "/replication_enabled").then().statusCode(404)
                .body("itemNotFound.message",
                        equalTo("Volume Type " + id + " has no extra specs with key replication_enabled."));
        Api.admin(project).get("/v3/" + project + "/types/" + id).then().statusCode(200)
                .body("volume_type.extra_specs", equalTo(Map.of("volume_backend_name", "slow")));
        assertThat(rows.count("select count(*) from volume_type where id = $1::uuid"
                + " and extra_specs->>'volume_backend_name' = 'slow'", id)).as("stored as a JSON object").isEqualTo(1);
    }

    @Test
    void extraSpecKeysAndValuesAreChecked() {
        String project = Api.newProject();
        String id = createType(project, uniqueName());
        String specs = "/v3/" + project + "/types/" + id + "/extra_specs";

        Api.admin(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"bad key\": \"v\"}}").post(specs)
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " extra_specs. Value: {'bad key': 'v'}. Additional properties are not allowed ('bad key'"
                        + " was unexpected)"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"k\": 1}}").post(specs)
                .then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute k. Value: 1. 1 is not of type 'string'"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"" + "k".repeat(256) + "\": \"v\"}}")
                .post(specs).then().statusCode(400);
        Api.admin(project).contentType(ContentType.JSON).body("{\"other\": \"v\"}").put(specs + "/k")
                .then().statusCode(400).body("badRequest.message", equalTo("Request body and URI mismatch"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"k\": \"v\", \"j\": \"w\"}").put(specs + "/k")
                .then().statusCode(400).body("badRequest.message", equalTo("Request body contains too many items"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"k\": \"v\"").post(specs)
                .then().statusCode(400).body("badRequest.message", equalTo("Malformed request body"));

        Api.admin(project).get(specs).then().statusCode(200).body("extra_specs", equalTo(Map.of()));
    }

    @Test
    void typeCreateBodyIsChecked() {
        String project = Api.newProject();
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"x\", \"colour\": \"red\"}}")
                .post("/v3/" + project + "/types").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute volume_type. Value:"
                        + " {'name': 'x', 'colour': 'red'}. Additional properties are not allowed ('colour' was unexpected)"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"   \"}}")
                .post("/v3/" + project + "/types").then().statusCode(400)
                .body("badRequest.message", equalTo("An invalid 'name' value was provided. The 'name' can not be empty."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"description\": \"no name\"}}")
                .post("/v3/" + project + "/types").then().statusCode(400);
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"x\", \"os-volume-type-access:is_public\": \"maybe\"}}")
                .post("/v3/" + project + "/types").then().statusCode(400);
        assertThat(rows.count("select count(*) from volume_type where name = 'x'")).isZero();
    }

    @Test
    void defaultTypeExistsAndCannotBeDeleted() {
        String project = Api.newProject();
        String id = Api.admin(project).get("/v3/" + project + "/types/default").then().statusCode(200)
                .body("volume_type.name", equalTo("__DEFAULT__")).extract().path("volume_type.id");
        Api.admin(project).get("/v3/" + project + "/types").then().statusCode(200)
                .body("volume_types.name", hasItem("__DEFAULT__"));

        Api.admin(project).delete("/v3/" + project + "/types/" + id).then().statusCode(400)
                .body("badRequest.message", equalTo("Default volume type can not be deleted."));
    }

    @Test
    void unusedTypeIsDeleted() {
        String project = Api.newProject();
        String id = createType(project, uniqueName());

        Api.admin(project).delete("/v3/" + project + "/types/" + id).then().statusCode(202);

        Api.admin(project).get("/v3/" + project + "/types/" + id).then().statusCode(404);
    }

    @Test
    void typeInUseKeepsItsSpecsAndCannotBeDeleted() {
        String project = Api.newProject();
        String name = uniqueName();
        String id = createType(project, name);
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + name + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).body("volume.volume_type", equalTo(name));

        Api.admin(project).delete("/v3/" + project + "/types/" + id).then().statusCode(400)
                .body("badRequest.message",
                        equalTo("Volume Type " + id + " deletion is not allowed with volumes present with the type."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"extra_specs\": {\"k\": \"v\"}}")
                .post("/v3/" + project + "/types/" + id + "/extra_specs").then().statusCode(400)
                .body("badRequest.message", equalTo("Volume Type is currently in use."));
        Api.admin(project).get("/v3/" + project + "/types/" + id).then().statusCode(200);
    }

    @Test
    void privateTypeIsHiddenFromMembers() {
        String project = Api.newProject();
        String name = uniqueName();
        String id = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\", \"os-volume-type-access:is_public\": false}}")
                .post("/v3/" + project + "/types").then().statusCode(200)
                .body("volume_type.is_public", equalTo(false)).extract().path("volume_type.id");

        Api.member(project).get("/v3/" + project + "/types/" + id).then().statusCode(404);
        Api.member(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + name + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(404);
        Api.admin(project).get("/v3/" + project + "/types?is_public=None").then().statusCode(200)
                .body("volume_types.id", hasItem(id));
    }

    @Test
    void membersSeeOnlyUserVisibleExtraSpecsAndNoQosSpecsId() {
        String project = Api.newProject();
        String id = createType(project, uniqueName());
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"extra_specs\": {\"volume_backend_name\": \"fast\", \"replication_enabled\": \"<is> True\"}}")
                .post("/v3/" + project + "/types/" + id + "/extra_specs").then().statusCode(200);

        Api.member(project).get("/v3/" + project + "/types/" + id).then().statusCode(200)
                .body("volume_type.extra_specs", equalTo(Map.of("replication_enabled", "<is> True")))
                .body("volume_type.containsKey('qos_specs_id')", equalTo(false));
        Api.member(project).get("/v3/" + project + "/types/" + id + "/extra_specs").then().statusCode(200)
                .body("extra_specs", equalTo(Map.of("replication_enabled", "<is> True")));
        Api.member(project).get("/v3/" + project + "/types/" + id + "/extra_specs/volume_backend_name")
                .then().statusCode(404);
        Api.admin(project).get("/v3/" + project + "/types/" + id).then().statusCode(200)
                .body("volume_type.extra_specs.volume_backend_name", equalTo("fast"))
                .body("volume_type.containsKey('qos_specs_id')", equalTo(true));
    }
}
