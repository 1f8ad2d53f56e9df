package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.VolumeFixtures;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** PUT volumes/{id} and the metadata calls: Cinder's bodies, answers and refusals. */
@QuarkusTest
class VolumeEditTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Test
    void updateSetsNameDescriptionAndMetadataAndAnswersTheVolume() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        String body = Api.admin(project).contentType(ContentType.JSON).body("{\"volume\": {\"name\": \"renamed\","
                + " \"description\": \"new words\", \"metadata\": {\"tier\": \"gold\"}}}")
                .put("/v3/" + project + "/volumes/" + id).then().statusCode(200)
                .body("volume.id", equalTo(id))
                .body("volume.name", equalTo("renamed"))
                .body("volume.description", equalTo("new words"))
                .body("volume.metadata", equalTo(Map.of("tier", "gold")))
                .extract().asString();
        Golden.assertSameShape(Golden.parse(body), "volume-show.json");
        assertThat(Volumes.show(project, id).getString("volume.name")).isEqualTo("renamed");
        assertThat(Volumes.show(project, id).getMap("volume.metadata")).isEqualTo(Map.of("tier", "gold"));
    }

    @Test
    void updateWithDisplayNamesAndNullsAsTheV2NamesAllow() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        put(project, id, "{\"volume\": {\"display_name\": \"old-style\", \"display_description\": \"d\"}}")
                .then().statusCode(200).body("volume.name", equalTo("old-style"));
        put(project, id, "{\"volume\": {\"description\": null}}").then().statusCode(200)
                .body("volume.description", equalTo(null)).body("volume.name", equalTo("old-style"));
    }

    @Test
    void emptyUpdateIsRefusedFrom353AndAcceptedBefore() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        Api.at(Api.member(project), "3.53").contentType(ContentType.JSON).body("{\"volume\": {}}")
                .put("/v3/" + project + "/volumes/" + id).then().statusCode(400).body("badRequest.message",
                        equalTo("Invalid input for field/attribute volume. Value: {}. {} is not valid under any of"
                                + " the given schemas"));
        Api.at(Api.member(project), "3.52").contentType(ContentType.JSON).body("{\"volume\": {}}")
                .put("/v3/" + project + "/volumes/" + id).then().statusCode(200);
    }

    @Test
    void badUpdatesWriteNothing() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        String name = Volumes.show(project, id).getString("volume.name");

        put(project, id, "{\"volume\": {\"size\": 5}}").then().statusCode(400).body("badRequest.message",
                endsWith("Additional properties are not allowed ('size' was unexpected)"));
        put(project, id, "{\"volume\": {\"name\": \"" + "n".repeat(256) + "\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: name has 256 characters, more than"
                        + " 255."));
        put(project, id, "{\"volume\": {\"metadata\": {\"k\": 1}}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute k. Value: 1. 1 is not of"
                        + " type 'string'"));
        put(project, id, "{\"volume\": {\"name\": \"x\"}, \"extra\": 1}").then().statusCode(400);
        put(project, id, "{\"name\": \"x\"}").then().statusCode(400)
                .body("badRequest.message", equalTo("'volume' is a required property"));

        assertThat(Volumes.show(project, id).getString("volume.name")).isEqualTo(name);
        assertThat(Volumes.show(project, id).getMap("volume.metadata")).isEmpty();
    }

    @Test
    void updateOfAVolumeInMaintenanceIsRefused() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);
        Api.admin(project).contentType(ContentType.JSON).body("{\"os-reset_status\": {\"status\": \"maintenance\"}}")
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);

        put(project, id, "{\"volume\": {\"name\": \"x\"}}").then().statusCode(400).body("badRequest.message",
                equalTo("Invalid volume: The volume cannot be updated during maintenance."));
        json(project).body("{\"metadata\": {\"a\": \"1\"}}").post(metadataPath(project, id))
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Updating volume"
                        + " metadata is not allowed for volumes in maintenance status."));
    }

    @Test
    void postMergesPutReplacesAndBothAnswerTheWholeMetadata() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        json(project).body("{\"metadata\": {\"a\": \"1\", \"b\": \"2\"}}").post(metadataPath(project, id))
                .then().statusCode(200).body("metadata", equalTo(Map.of("a", "1", "b", "2")));
        json(project).body("{\"metadata\": {\"b\": \"3\", \"c\": \"4\"}}").post(metadataPath(project, id))
                .then().statusCode(200).body("metadata", equalTo(Map.of("a", "1", "b", "3", "c", "4")));
        Api.member(project).get(metadataPath(project, id)).then().statusCode(200)
                .body("metadata", equalTo(Map.of("a", "1", "b", "3", "c", "4")));

        json(project).body("{\"metadata\": {\"z\": \"9\"}}").put(metadataPath(project, id))
                .then().statusCode(200).body("metadata", equalTo(Map.of("z", "9")));
        assertThat(Volumes.show(project, id).getMap("volume.metadata")).isEqualTo(Map.of("z", "9"));
    }

    @Test
    void oneItemIsReadSetAndDeletedByKey() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        String item = metadataPath(project, id) + "/tier";

        json(project).body("{\"meta\": {\"tier\": \"gold\"}}").put(item)
                .then().statusCode(200).body("meta", equalTo(Map.of("tier", "gold")));
        Api.member(project).get(item).then().statusCode(200).body("meta", equalTo(Map.of("tier", "gold")));

        Api.member(project).delete(item).then().statusCode(200);

        Api.member(project).get(item).then().statusCode(404).body("itemNotFound.message",
                equalTo("Volume " + id + " has no metadata with key tier."));
        Api.member(project).delete(item).then().statusCode(404).body("itemNotFound.message",
                equalTo("Volume " + id + " has no metadata with key tier."));
    }

    @Test
    void from315TheMetadataHasAnEtagAndPutsHonourIfMatch() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        String path = metadataPath(project, id);
        Api.at(json(project), "3.15").body("{\"metadata\": {\"a\": \"1\"}}").post(path).then().statusCode(200);

        String etag = Api.at(Api.member(project), "3.15").get(path).then().statusCode(200)
                .body("metadata", equalTo(Map.of("a", "1"))).extract().header("ETag");
        assertThat(etag).matches("[0-9a-f]{32}");

        Api.at(json(project), "3.15").header("If-Match", etag).body("{\"metadata\": {\"b\": \"2\"}}").put(path)
                .then().statusCode(200).body("metadata", equalTo(Map.of("b", "2")));
        // The tag read before that write no longer holds.
        Api.at(json(project), "3.15").header("If-Match", etag).body("{\"metadata\": {\"c\": \"3\"}}").put(path)
                .then().statusCode(412);
        Api.at(json(project), "3.15").header("If-Match", "\"" + etag + "\"").body("{\"meta\": {\"c\": \"3\"}}")
                .put(path + "/c").then().statusCode(412);
        assertThat(Volumes.show(project, id).getMap("volume.metadata")).isEqualTo(Map.of("b", "2"));

        // Before 3.15 there are no ETags and If-Match means nothing.
        assertThat(Api.at(Api.member(project), "3.14").get(path).then().statusCode(200).extract().header("ETag"))
                .isNull();
        Api.at(json(project), "3.14").header("If-Match", etag).body("{\"metadata\": {\"d\": \"4\"}}").put(path)
                .then().statusCode(200).body("metadata", equalTo(Map.of("d", "4")));
    }

    @Test
    void badMetadataBodiesWriteNothing() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        String item = metadataPath(project, id) + "/tier";

        json(project).body("{\"meta\": {\"other\": \"x\"}}").put(item).then().statusCode(400)
                .body("badRequest.message", equalTo("Request body and URI mismatch"));
        json(project).body("{\"meta\": {\"tier\": \"x\", \"b\": \"y\"}}").put(item).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute meta. Value: {'tier': 'x',"
                        + " 'b': 'y'}. {'tier': 'x', 'b': 'y'} has too many properties"));
        json(project).body("{\"meta\": {}}").put(item).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute meta. Value: {}. {} does not"
                        + " have enough properties"));
        json(project).body("{\"metadata\": {\"" + "k".repeat(256) + "\": \"v\"}}")
                .post(metadataPath(project, id)).then().statusCode(400)
                .body("badRequest.message", endsWith("was unexpected)"));
        json(project).body("{\"metadata\": {\"k\": \"" + "v".repeat(256) + "\"}}")
                .post(metadataPath(project, id)).then().statusCode(400)
                .body("badRequest.message", endsWith("is too long"));
        json(project).body("{\"meta\": {\"k\": \"v\"}}").post(metadataPath(project, id))
                .then().statusCode(400).body("badRequest.message", equalTo("'metadata' is a required property"));

        assertThat(Volumes.show(project, id).getMap("volume.metadata")).isEmpty();
    }

    @Test
    void anotherProjectsVolumeHasNoMetadataToReadOrWrite() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String id = Volumes.create(owner);
        String notFound = "Volume " + id + " could not be found.";

        Api.member(stranger).get(metadataPath(stranger, id)).then().statusCode(404)
                .body("itemNotFound.message", equalTo(notFound));
        json(stranger).body("{\"metadata\": {\"a\": \"1\"}}").post(metadataPath(stranger, id))
                .then().statusCode(404);
        put(stranger, id, "{\"volume\": {\"name\": \"mine\"}}").then().statusCode(404)
                .body("itemNotFound.message", equalTo(notFound));

        assertThat(Volumes.show(owner, id).getMap("volume.metadata")).isEmpty();
    }

    private static Response put(String project, String id, String body) {
        return Api.member(project).contentType(ContentType.JSON).body(body).put("/v3/" + project + "/volumes/" + id);
    }

    private static RequestSpecification json(String project) {
        return Api.member(project).contentType(ContentType.JSON);
    }

    private static String metadataPath(String project, String id) {
        return "/v3/" + project + "/volumes/" + id + "/metadata";
    }
}
