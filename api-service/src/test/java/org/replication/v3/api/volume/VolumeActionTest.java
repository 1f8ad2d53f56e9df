package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.replication.v3.api.support.VolumeFixtures.action;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
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
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDetached;
import org.replication.v3.common.volume.VolumeStatusReset;

/** os-attach, os-begin_detaching, os-roll_detaching, os-detach and os-reset_status, as a Cinder client drives them. */
@QuarkusTest
class VolumeActionTest {

    private static final String NOT_DELETABLE = "Invalid volume: Volume status must be available or error or"
            + " error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a"
            + " group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    @Test
    void attachMakesTheVolumeInUseAndListsTheAttachmentAsCinderDoes() {
        String project = Api.newProject();
        String server = UUID.randomUUID().toString();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + server + "\", \"mountpoint\": \"/dev/vdb\","
                + " \"mode\": \"rw\"}}").then().statusCode(202);

        JsonPath volume = Volumes.show(project, id);
        assertThat(volume.getString("volume.status")).isEqualTo("in-use");
        List<Map<String, Object>> attachments = volume.getList("volume.attachments");
        assertThat(attachments).hasSize(1);
        Map<String, Object> attachment = attachments.get(0);
        assertThat(attachment.keySet()).containsExactly("id", "attachment_id", "volume_id", "server_id", "host_name",
                "device", "attached_at");
        assertThat(attachment).containsEntry("id", id).containsEntry("volume_id", id)
                .containsEntry("server_id", server).containsEntry("device", "/dev/vdb");
        assertThat((String) attachment.get("attached_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
        String attachmentId = (String) attachment.get("attachment_id");

        ConsumerRecord<String, String> record = Kafka.await(topics.volumeEvents(),
                r -> id.equals(r.key()) && codec.decode(r.value()).type().equals(VolumeAttached.TYPE),
                Volumes.EVENT_TIMEOUT);
        VolumeAttached event = codec.data(codec.decode(record.value()), VolumeAttached.class);
        assertThat(event.attachmentId()).isEqualTo(attachmentId);
        assertThat(event.instanceUuid()).isEqualTo(server);
        assertThat(event.mountpoint()).isEqualTo("/dev/vdb");
        assertThat(event.mode()).isEqualTo("rw");
    }

    @Test
    void hostNameIsShownToAdminsOnly() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-attach\": {\"host_name\": \"compute-7\", \"mountpoint\": \"/mnt/data\"}}")
                .then().statusCode(202);

        assertThat(Volumes.show(project, id).getString("volume.attachments[0].host_name")).isEqualTo("compute-7");
        assertThat(Api.member(project).get("/v3/" + project + "/volumes/" + id).then().statusCode(200).extract()
                .jsonPath().getString("volume.attachments[0].host_name")).isNull();
    }

    @Test
    void secondAttachOfANonMultiattachVolumeIsRefused() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());

        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID()
                + "\", \"mountpoint\": \"/dev/vdc\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Error attaching volume - InvalidVolume:"
                        + " Invalid volume: volume is already attached and multiple attachments are not enabled"));

        assertThat(Volumes.show(project, id).getList("volume.attachments")).hasSize(1);
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", id)).isEqualTo(1);
    }

    @Test
    void attachingTheSameServerAgainChangesNothing() {
        String project = Api.newProject();
        String server = UUID.randomUUID().toString();
        String id = VolumeFixtures.attached(codec, topics, project, server);

        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + server + "\", \"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(202);

        assertThat(Volumes.show(project, id).getList("volume.attachments")).hasSize(1);
    }

    @Test
    void attachOfAVolumeBeingCreatedIsRefused() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID()
                + "\", \"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Volume status must be"
                        + " available, reserved or attaching to attach, but the current status is creating."));
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("creating");
    }

    @Test
    void attachBodiesAreCheckedAsCinderChecksThem() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        String server = UUID.randomUUID().toString();
        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + server + "\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " os-attach. Value: {'instance_uuid': '" + server + "'}. 'mountpoint' is a required"
                        + " property"));
        action(project, id, "{\"os-attach\": {\"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " os-attach. Value: {'mountpoint': '/dev/vdb'}. {'mountpoint': '/dev/vdb'} is not valid"
                        + " under any of the given schemas"));
        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"not-a-uuid\", \"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute"
                        + " instance_uuid. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'"));
        action(project, id, "{\"os-attach\": {\"host_name\": \"h\", \"mountpoint\": \"/dev/vdb\", \"mode\": \"rx\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input for field/attribute mode."
                        + " Value: rx. 'rx' is not one of ['rw', 'ro']"));
        action(project, id, "{\"os-attach\": {\"host_name\": \"h\", \"mountpoint\": \"/dev/vdb\", \"x\": 1}}")
                .then().statusCode(400).body("badRequest.message", endsWith(
                        "Additional properties are not allowed ('x' was unexpected)"));

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", id)).isZero();
    }

    @Test
    void detachOfTheLastAttachmentMakesTheVolumeAvailableAndIsAnnounced() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());
        String attachmentId = Volumes.show(project, id).getString("volume.attachments[0].attachment_id");

        action(project, id, "{\"os-begin_detaching\": {}}").then().statusCode(202);
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("detaching");
        action(project, id, "{\"os-detach\": {\"attachment_id\": \"" + attachmentId + "\"}}").then().statusCode(202);

        JsonPath volume = Volumes.show(project, id);
        assertThat(volume.getString("volume.status")).isEqualTo("available");
        assertThat(volume.getList("volume.attachments")).isEmpty();
        ConsumerRecord<String, String> record = Kafka.await(topics.volumeEvents(),
                r -> id.equals(r.key()) && codec.decode(r.value()).type().equals(VolumeDetached.TYPE),
                Volumes.EVENT_TIMEOUT);
        VolumeDetached event = codec.data(codec.decode(record.value()), VolumeDetached.class);
        assertThat(event.attachmentId()).isEqualTo(attachmentId);
        assertThat(event.stillAttached()).isFalse();
    }

    @Test
    void rollDetachingReturnsTheVolumeToInUse() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());

        action(project, id, "{\"os-begin_detaching\": {}}").then().statusCode(202);
        action(project, id, "{\"os-roll_detaching\": {}}").then().statusCode(202);

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("in-use");
    }

    @Test
    void beginDetachingNeedsAnAttachedVolume() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-begin_detaching\": {}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Unable to detach volume."
                        + " Volume status must be 'in-use' and attach_status must be 'attached' to detach."));
        // Rolling back a detach that never began changes nothing.
        action(project, id, "{\"os-roll_detaching\": {}}").then().statusCode(202);
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
    }

    @Test
    void detachWithoutAnAttachmentIdDetachesTheOnlyAttachment() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());

        action(project, id, "{\"os-detach\": null}").then().statusCode(202);

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", id)).isZero();
    }

    @Test
    void detachWithoutAnAttachmentIdIsRefusedWhenSeveralExist() {
        String project = Api.newProject();
        String id = multiattachVolume(project);
        attach(project, id, UUID.randomUUID().toString());
        attach(project, id, UUID.randomUUID().toString());
        assertThat(Volumes.show(project, id).getList("volume.attachments")).hasSize(2);

        action(project, id, "{\"os-detach\": {}}").then().statusCode(400).body("badRequest.message",
                equalTo("Error detaching volume - InvalidVolume: Invalid volume: Detach volume failed: More than one"
                        + " attachment, but no attachment_id provided."));

        String first = Volumes.show(project, id).getString("volume.attachments[0].attachment_id");
        action(project, id, "{\"os-detach\": {\"attachment_id\": \"" + first + "\"}}").then().statusCode(202);
        JsonPath volume = Volumes.show(project, id);
        assertThat(volume.getString("volume.status")).isEqualTo("in-use");
        assertThat(volume.getList("volume.attachments")).hasSize(1);
    }

    @Test
    void attachedVolumeCannotBeDeleted() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());

        Api.admin(project).delete("/v3/" + project + "/volumes/" + id + "?cascade=true")
                .then().statusCode(400).body("badRequest.message", equalTo(NOT_DELETABLE));
        // Reset to available but still attached: Cinder refuses on attach_status too.
        Api.admin(project).contentType(ContentType.JSON).body("{\"os-reset_status\": {\"status\": \"available\"}}")
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id)
                .then().statusCode(400).body("badRequest.message", equalTo(NOT_DELETABLE));

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
    }

    @Test
    void deleteAcceptsCascade() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id + "?cascade=maybe")
                .then().statusCode(400).body("badRequest.message", equalTo("Value 'maybe' for 'cascade' is not a"
                        + " boolean."));
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("creating");

        String other = VolumeFixtures.available(codec, topics, project);
        Api.admin(project).delete("/v3/" + project + "/volumes/" + other + "?cascade=true").then().statusCode(202);
        assertThat(Volumes.show(project, other).getString("volume.status")).isEqualTo("deleting");
    }

    @Test
    void resetStatusIsForAdminsAndIsAnnounced() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);
        String body = "{\"os-reset_status\": {\"status\": \"Error\", \"migration_status\": \"migrating\"}}";

        action(project, id, body).then().statusCode(403).body("forbidden.message", equalTo("Policy doesn't allow"
                + " volume_extension:volume_admin_actions:reset_status to be performed."));
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");

        Api.admin(project).contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);

        JsonPath volume = Volumes.show(project, id);
        assertThat(volume.getString("volume.status")).isEqualTo("error");
        assertThat(volume.getString("volume.migration_status")).isEqualTo("migrating");
        assertThat(volume.getString("volume.'os-vol-mig-status-attr:migstat'")).isEqualTo("migrating");
        ConsumerRecord<String, String> record = Kafka.await(topics.volumeEvents(),
                r -> id.equals(r.key()) && codec.decode(r.value()).type().equals(VolumeStatusReset.TYPE),
                Volumes.EVENT_TIMEOUT);
        VolumeStatusReset event = codec.data(codec.decode(record.value()), VolumeStatusReset.class);
        assertThat(event.status()).isEqualTo("error");
        assertThat(event.attachStatus()).isEqualTo("detached");
        assertThat(event.migrationStatus()).isEqualTo("migrating");

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"os-reset_status\": {\"status\": \"available\", \"migration_status\": \"none\"}}")
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);
        assertThat(Volumes.show(project, id).getString("volume.migration_status")).isNull();
    }

    @Test
    void resetToDetachedEndsTheAttachments() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"os-reset_status\": {\"status\": \"available\", \"attach_status\": \"detached\"}}")
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);

        JsonPath volume = Volumes.show(project, id);
        assertThat(volume.getString("volume.status")).isEqualTo("available");
        assertThat(volume.getList("volume.attachments")).isEmpty();
        assertThat(rows.count("select count(*) from volume_attachment where volume_id = $1::uuid", id)).isZero();
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);
    }

    @Test
    void resetStatusBodiesAreCheckedAsCinderChecksThem() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        reset(project, id, "{\"os-reset_status\": {}}").then().statusCode(400).body("badRequest.message",
                equalTo("Must specify 'status', 'attach_status' or 'migration_status' for update."));
        reset(project, id, "{\"os-reset_status\": {\"status\": \"bogus\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Volume status: bogus is invalid, valid statuses are:"
                        + " ('creating', 'available', 'deleting', 'error', 'error_deleting', 'error_managing',"
                        + " 'managing', 'attaching', 'in-use', 'detaching', 'maintenance', 'restoring-backup',"
                        + " 'error_restoring', 'reserved', 'awaiting-transfer', 'backing-up', 'error_backing-up',"
                        + " 'error_extending', 'downloading', 'uploading', 'retyping', 'extending')."));
        reset(project, id, "{\"os-reset_status\": {\"attach_status\": \"glued\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Volume attach status: glued is invalid, valid statuses are:"
                        + " ['attached', 'detached']."));
        reset(project, id, "{\"os-reset_status\": {\"migration_status\": \"flying\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Volume migration status: flying is invalid, valid statuses are:"
                        + " ('migrating', 'error', 'success', 'completing', 'none', 'starting')."));
        reset(project, id, "{\"os-reset_status\": {\"status\": \"error\", \"size\": 5}}").then().statusCode(400)
                .body("badRequest.message", endsWith(
                        "Additional properties are not allowed ('size' was unexpected)"));

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
    }

    @Test
    void unknownActionsAndMalformedBodiesAreRefused() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-fly\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("There is no such action: os-fly"));
        action(project, id, "{\"os-attach\": {}, \"os-detach\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Malformed request body"));
        action(project, id, "{\"os-attach\": ").then().statusCode(400)
                .body("badRequest.message", equalTo("Malformed request body"));
    }

    @Test
    void actionsOnAnotherProjectsVolumeFindNoVolume() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, owner);

        for (String body : List.of("{\"os-attach\": {\"host_name\": \"h\", \"mountpoint\": \"/dev/vdb\"}}",
                "{\"os-detach\": {}}", "{\"os-begin_detaching\": {}}", "{\"os-roll_detaching\": {}}",
                "{\"os-extend\": {\"new_size\": 2}}")) {
            action(stranger, id, body).then().statusCode(404)
                    .body("itemNotFound.message", equalTo("Volume " + id + " could not be found."));
        }
        Api.as("admin", stranger, "admin").contentType(ContentType.JSON)
                .body("{\"os-reset_status\": {\"status\": \"error\"}}")
                .post("/v3/" + stranger + "/volumes/" + id + "/action").then().statusCode(202);
        assertThat(Volumes.show(owner, id).getString("volume.status")).isEqualTo("error");
    }

    private static Response reset(String project, String id, String body) {
        return Api.admin(project).contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/volumes/" + id + "/action");
    }

    private String multiattachVolume(String project) {
        String id = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"multiattach\": true}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        VolumeCreated created = new VolumeCreated(id, VolumeFixtures.HOST, null, 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    private static void attach(String project, String id, String server) {
        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + server + "\", \"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(202);
    }
}
