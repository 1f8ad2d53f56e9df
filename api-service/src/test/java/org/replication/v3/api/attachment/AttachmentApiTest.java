package org.replication.v3.api.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.VolumeFixtures;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeAttached;

/** The attachments API (3.27+): reserve, connect, complete (3.44+), list, show, delete, with Cinder's shapes. */
@QuarkusTest
class AttachmentApiTest {

    private static final String CONNECTOR = "{\"host\": \"compute-1\", \"mountpoint\": \"/dev/vdb\","
            + " \"initiator\": \"iqn.1993-08.org.debian:01:cad181614cec\"}";

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    @Test
    void reserveConnectCompleteAndDeleteAsNovaDoes() {
        String project = Api.newProject();
        String server = UUID.randomUUID().toString();
        String volume = VolumeFixtures.available(codec, topics, project);

        JsonPath created = at(project, "3.44").body("{\"attachment\": {\"volume_uuid\": \"" + volume
                        + "\", \"instance_uuid\": \"" + server + "\"}}")
                .post(path(project)).then().statusCode(200).extract().jsonPath();
        Map<String, Object> attachment = created.getMap("attachment");
        assertThat(attachment.keySet()).containsExactly("id", "status", "instance", "volume_id", "attached_at",
                "detached_at", "attach_mode", "connection_info");
        assertThat(attachment).containsEntry("status", "reserved").containsEntry("instance", server)
                .containsEntry("volume_id", volume).containsEntry("attached_at", "")
                .containsEntry("detached_at", "").containsEntry("attach_mode", "null");
        String id = (String) attachment.get("id");
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("reserved");
        assertThat(Volumes.show(project, volume).getList("volume.attachments")).isEmpty();

        at(project, "3.44").body("{\"attachment\": {\"connector\": " + CONNECTOR + "}}").put(path(project) + "/" + id)
                .then().statusCode(200).body("attachment.status", equalTo("attaching"))
                .body("attachment.attach_mode", equalTo("rw"))
                .body("attachment.connection_info", equalTo(Map.of()));
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("attaching");

        at(project, "3.44").body("{\"os-complete\": {}}").post(path(project) + "/" + id + "/action")
                .then().statusCode(204);
        JsonPath shown = Volumes.show(project, volume);
        assertThat(shown.getString("volume.status")).isEqualTo("in-use");
        assertThat(shown.getString("volume.attachments[0].attachment_id")).isEqualTo(id);
        assertThat(shown.getString("volume.attachments[0].server_id")).isEqualTo(server);
        assertThat(shown.getString("volume.attachments[0].host_name")).isEqualTo("compute-1");
        assertThat(shown.getString("volume.attachments[0].device")).isEqualTo("/dev/vdb");
        ConsumerRecord<String, String> record = Kafka.await(topics.volumeEvents(),
                r -> volume.equals(r.key()) && codec.decode(r.value()).type().equals(VolumeAttached.TYPE),
                Volumes.EVENT_TIMEOUT);
        assertThat(codec.data(codec.decode(record.value()), VolumeAttached.class).attachmentId()).isEqualTo(id);

        at(project, "3.44").get(path(project) + "/" + id).then().statusCode(200)
                .body("attachment.status", equalTo("attached"));

        at(project, "3.44").delete(path(project) + "/" + id).then().statusCode(200)
                .body("attachments", equalTo(List.of()));
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("available");
        at(project, "3.44").get(path(project) + "/" + id).then().statusCode(404).body("itemNotFound.message",
                equalTo("Volume attachment could not be found with filter: attachment_id = " + id + "."));
    }

    @Test
    void createWithAConnectorConnectsAtOnceAndModeCountsFrom354() {
        String project = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, project);

        at(project, "3.54").body("{\"attachment\": {\"volume_uuid\": \"" + volume + "\", \"instance_uuid\": \""
                        + UUID.randomUUID() + "\", \"connector\": " + CONNECTOR + ", \"mode\": \"ro\"}}")
                .post(path(project)).then().statusCode(200)
                .body("attachment.status", equalTo("attaching"))
                .body("attachment.attach_mode", equalTo("ro"));
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("attaching");

        String other = VolumeFixtures.available(codec, topics, project);
        at(project, "3.53").body("{\"attachment\": {\"volume_uuid\": \"" + other + "\", \"mode\": \"ro\"}}")
                .post(path(project)).then().statusCode(400).body("badRequest.message",
                        equalTo("Invalid input for field/attribute attachment. Value: {'volume_uuid': '" + other
                                + "', 'mode': 'ro'}. Additional properties are not allowed ('mode' was unexpected)"));
    }

    @Test
    void aReservedVolumeCannotBeReservedByAnotherServer() {
        String project = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, project);
        reserve(project, volume, UUID.randomUUID().toString()).then().statusCode(200);

        reserve(project, volume, UUID.randomUUID().toString()).then().statusCode(400).body("badRequest.message",
                equalTo("Invalid volume: Volume " + volume + " status must be available or downloading to reserve,"
                        + " but the current status is reserved."));
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", volume))
                .isEqualTo(1);
    }

    @Test
    void aVolumeInErrorCannotBeAttached() {
        String project = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, project);
        Api.admin(project).contentType(ContentType.JSON).body("{\"os-reset_status\": {\"status\": \"error\"}}")
                .post("/v3/" + project + "/volumes/" + volume + "/action").then().statusCode(202);

        reserve(project, volume, UUID.randomUUID().toString()).then().statusCode(400).body("badRequest.message",
                equalTo("Invalid volume: Volume attachments can not be created if the volume is in an error state."
                        + " The Volume " + volume + " currently has a status of: error "));
    }

    @Test
    void listsShowTheProjectsAttachmentsWithFilters() {
        String project = Api.newProject();
        String first = VolumeFixtures.available(codec, topics, project);
        String second = VolumeFixtures.available(codec, topics, project);
        String server = UUID.randomUUID().toString();
        String a = reserve(project, first, server).then().statusCode(200).extract().path("attachment.id");
        String b = reserve(project, second, UUID.randomUUID().toString()).then().statusCode(200).extract()
                .path("attachment.id");

        at(project, "3.27").get(path(project)).then().statusCode(200)
                .body("attachments.id", equalTo(List.of(b, a)))
                .body("attachments[0].keySet()", equalTo(Set.of("id", "status", "instance", "volume_id")));
        at(project, "3.27").get(path(project) + "/detail?volume_id=" + first).then().statusCode(200)
                .body("attachments.id", equalTo(List.of(a)))
                .body("attachments[0].attach_mode", equalTo("null"));
        at(project, "3.27").get(path(project) + "?instance_id=" + server).then().statusCode(200)
                .body("attachments.id", equalTo(List.of(a)));
        at(project, "3.27").get(path(project) + "?status=attached").then().statusCode(200)
                .body("attachments", equalTo(List.of()));
        at(project, "3.27").get(path(project) + "?limit=1").then().statusCode(200)
                .body("attachments.id", equalTo(List.of(b)));
        at(project, "3.27").get(path(project) + "?limit=1&marker=" + b).then().statusCode(200)
                .body("attachments.id", equalTo(List.of(a)));
        at(project, "3.27").get(path(project) + "?marker=" + UUID.randomUUID()).then().statusCode(404);

        String stranger = Api.newProject();
        at(stranger, "3.27").get(path(stranger)).then().statusCode(200).body("attachments", equalTo(List.of()));
        Api.at(Api.admin(stranger), "3.27").get(path(stranger) + "?all_tenants=1&volume_id=" + first)
                .then().statusCode(200).body("attachments.id", equalTo(List.of(a)));
    }

    @Test
    void anotherProjectsAttachmentDoesNotExist() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, owner);
        String id = reserve(owner, volume, UUID.randomUUID().toString()).then().statusCode(200).extract()
                .path("attachment.id");
        String notFound = "Volume attachment could not be found with filter: attachment_id = " + id + ".";

        at(stranger, "3.44").get(path(stranger) + "/" + id).then().statusCode(404)
                .body("itemNotFound.message", equalTo(notFound));
        at(stranger, "3.44").body("{\"attachment\": {\"connector\": " + CONNECTOR + "}}")
                .put(path(stranger) + "/" + id).then().statusCode(404).body("itemNotFound.message", equalTo(notFound));
        at(stranger, "3.44").body("{\"os-complete\": {}}").post(path(stranger) + "/" + id + "/action")
                .then().statusCode(404);
        at(stranger, "3.44").delete(path(stranger) + "/" + id).then().statusCode(404);
        reserve(stranger, volume, UUID.randomUUID().toString()).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume " + volume + " could not be found."));

        at(owner, "3.44").get(path(owner) + "/" + id).then().statusCode(200).body("attachment.status",
                equalTo("reserved"));
    }

    @Test
    void belowTheirMicroversionsTheseCallsDoNotExist() {
        String project = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, project);

        at(project, "3.26").body("{\"attachment\": {\"volume_uuid\": \"" + volume + "\"}}").post(path(project))
                .then().statusCode(404).body("itemNotFound.message", equalTo("The resource could not be found."));
        at(project, "3.26").get(path(project)).then().statusCode(404);
        at(project, "3.26").get(path(project) + "/detail").then().statusCode(404);
        Api.member(project).get(path(project)).then().statusCode(404);
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("available");

        String id = reserve(project, volume, UUID.randomUUID().toString()).then().statusCode(200).extract()
                .path("attachment.id");
        at(project, "3.26").get(path(project) + "/" + id).then().statusCode(404);
        at(project, "3.26").delete(path(project) + "/" + id).then().statusCode(404);
        at(project, "3.43").body("{\"os-complete\": {}}").post(path(project) + "/" + id + "/action")
                .then().statusCode(404).body("itemNotFound.message", equalTo("The resource could not be found."));
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("reserved");
    }

    @Test
    void badBodiesWriteNothing() {
        String project = Api.newProject();
        String volume = VolumeFixtures.available(codec, topics, project);

        at(project, "3.27").body("{\"attachment\": {\"instance_uuid\": \"" + UUID.randomUUID() + "\"}}")
                .post(path(project)).then().statusCode(400).body("badRequest.message",
                        endsWith("'volume_uuid' is a required property"));
        at(project, "3.27").body("{\"attachment\": {\"volume_uuid\": \"nope\"}}").post(path(project))
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " volume_uuid. Value: nope. 'nope' is not a 'uuid'"));
        at(project, "3.27").body("{\"attachment\": {\"volume_uuid\": \"" + volume + "\", \"connector\": 5}}")
                .post(path(project)).then().statusCode(400);
        at(project, "3.27").body("{}").post(path(project)).then().statusCode(400)
                .body("badRequest.message", equalTo("'attachment' is a required property"));
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", volume)).isZero();

        String id = reserve(project, volume, UUID.randomUUID().toString()).then().statusCode(200).extract()
                .path("attachment.id");
        at(project, "3.27").body("{\"attachment\": {\"connector\": {}}}").put(path(project) + "/" + id)
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " connector. Value: {}. {} does not have enough properties"));
        at(project, "3.44").body("{\"os-fly\": {}}").post(path(project) + "/" + id + "/action")
                .then().statusCode(400).body("badRequest.message", equalTo("There is no such action: os-fly"));
        at(project, "3.44").get(path(project) + "/" + id).then().statusCode(200)
                .body("attachment.status", equalTo("reserved"));
    }

    private static Response reserve(String project, String volume, String server) {
        return at(project, "3.27").body("{\"attachment\": {\"volume_uuid\": \"" + volume + "\", \"instance_uuid\": \""
                + server + "\"}}").post(path(project));
    }

    private static RequestSpecification at(String project, String microversion) {
        return Api.at(Api.member(project), microversion).contentType(ContentType.JSON);
    }

    private static String path(String project) {
        return "/v3/" + project + "/attachments";
    }
}
