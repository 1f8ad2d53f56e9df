package org.replication.v3.api.type;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** Cinder's volume type encryption, and what it makes of a volume of the type. */
@QuarkusTest
class VolumeTypeEncryptionTest {

    @Test
    void anEncryptedTypeMakesEncryptedVolumesAndItsSpecStaysWhileTheyExist() {
        String project = Api.newProject();
        String name = "enc-" + UUID.randomUUID();
        String type = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\"}}").post("/v3/" + project + "/types")
                .then().statusCode(200).extract().path("volume_type.id");
        Api.admin(project).get("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(200)
                .body(equalTo("{}"));

        String encryption = Api.admin(project).contentType(ContentType.JSON).body("{\"encryption\": {\"provider\":"
                + " \"luks\", \"cipher\": \"aes-xts-plain64\", \"key_size\": 256, \"control_location\":"
                + " \"front-end\"}}").post("/v3/" + project + "/types/" + type + "/encryption")
                .then().statusCode(200)
                .body("encryption.provider", equalTo("luks"))
                .body("encryption.cipher", equalTo("aes-xts-plain64"))
                .body("encryption.key_size", equalTo(256))
                .body("encryption.control_location", equalTo("front-end"))
                .body("encryption.volume_type_id", equalTo(type))
                .body("encryption.encryption_id", notNullValue())
                .extract().path("encryption.encryption_id");
        Api.admin(project).get("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(200)
                .body("encryption_id", equalTo(encryption))
                .body("volume_type_id", equalTo(type))
                .body("deleted", equalTo(false))
                .body("provider", equalTo("luks"));
        Api.admin(project).contentType(ContentType.JSON).body("{\"encryption\": {\"provider\": \"luks\"}}")
                .post("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(400)
                .body("badRequest.message", equalTo("Volume type encryption for type " + type + " already exists."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"encryption\": {\"cipher\": \"x\"}}")
                .post("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(400);

        String volume = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + name + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202)
                .body("volume.encrypted", equalTo(true)).extract().path("volume.id");
        Api.at(Api.admin(project), "3.64").get("/v3/" + project + "/volumes/" + volume).then()
                .body("volume.encrypted", equalTo(true))
                .body("volume.encryption_key_id", notNullValue());
        Api.at(Api.admin(project), "3.63").get("/v3/" + project + "/volumes/" + volume).then()
                .body("volume", not(hasKey("encryption_key_id")));
        Api.at(Api.admin(project), "3.64").contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1}}").post("/v3/" + project + "/volumes").then().statusCode(202)
                .body("volume.encrypted", equalTo(false)).body("volume", not(hasKey("encryption_key_id")));

        Api.admin(project).delete("/v3/" + project + "/types/" + type + "/encryption/" + encryption).then()
                .statusCode(400)
                .body("badRequest.message", equalTo("Cannot delete encryption specs. Volume type in use."));
        Api.member(project).delete("/v3/" + project + "/types/" + type + "/encryption/" + encryption).then()
                .statusCode(403);
        Api.admin(project).get("/v3/" + project + "/types/" + type + "/encryption").then()
                .body("encryption_id", equalTo(encryption));
    }

    @Test
    void anUnusedTypeLosesItsEncryption() {
        String project = Api.newProject();
        String type = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"enc-" + UUID.randomUUID() + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        String encryption = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"encryption\": {\"provider\": \"luks\"}}")
                .post("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(200)
                .body("encryption.control_location", equalTo("front-end"))
                .extract().path("encryption.encryption_id");
        Api.admin(project).delete("/v3/" + project + "/types/" + type + "/encryption/" + encryption).then()
                .statusCode(202);
        Api.admin(project).get("/v3/" + project + "/types/" + type + "/encryption").then().statusCode(200)
                .body(equalTo("{}"));
    }
}
