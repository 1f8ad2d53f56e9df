package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.replication.v3.api.support.VolumeFixtures.action;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
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
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;

/** os-extend: the command to the volume's backend, and the backend's answer applied to the volume. */
@QuarkusTest
class VolumeExtendTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    @Test
    void extendAsksTheBackendAndItsAnswerGivesTheNewSize() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-extend\": {\"new_size\": 3}}").then().statusCode(202);

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("extending");
        ConsumerRecord<String, String> record = Kafka.await(topics.volumeCommands(),
                r -> id.equals(r.key()) && codec.decode(r.value()).type().equals(ExtendVolume.TYPE),
                Volumes.EVENT_TIMEOUT);
        ExtendVolume command = codec.data(codec.decode(record.value()), ExtendVolume.class);
        assertThat(command.host()).isEqualTo(VolumeFixtures.HOST);
        assertThat(command.newSize()).isEqualTo(3);

        VolumeExtended extended = new VolumeExtended(id, 3);
        Volumes.publish(topics.volumeEvents(), extended, Volumes.encode(codec, extended));

        Volumes.awaitStatus(project, id, "available");
        assertThat(Volumes.show(project, id).getInt("volume.size")).isEqualTo(3);
    }

    @Test
    void aFailedExtendLeavesErrorExtendingAndAUserMessage() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);
        action(project, id, "{\"os-extend\": {\"new_size\": \"2\"}}").then().statusCode(202);

        VolumeExtendFailed failed = new VolumeExtendFailed(id, "insufficient free space in pool pool-a");
        String record = Volumes.encode(codec, failed);
        Volumes.publish(topics.volumeEvents(), failed, record);
        Volumes.publish(topics.volumeEvents(), failed, record);

        Volumes.awaitStatus(project, id, "error_extending");
        assertThat(Volumes.show(project, id).getInt("volume.size")).isEqualTo(1);
        // Sent with the same key, so consumed after the redelivered event: once it shows, both were handled.
        String marker = Volumes.create(project);
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(marker, VolumeFixtures.HOST,
                null, 1)));
        Volumes.awaitStatus(project, marker, "available");
        assertThat(rows.count("select count(*) from user_message where resource_uuid = $1", id)).isEqualTo(1);
        assertThat(rows.one("select user_message, event_id from user_message where resource_uuid = $1", id)
                .getString("user_message")).isEqualTo("extend volume:Volume Driver failed to extend volume.");
        // error_extending may be deleted, as in Cinder.
        Api.member(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);
    }

    @Test
    void newSizeMustBeLarger() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-extend\": {\"new_size\": 1}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: New size for extend must be greater"
                        + " than current size. (current: 1, extended: 1)."));
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
    }

    @Test
    void badExtendBodiesWriteNothing() {
        String project = Api.newProject();
        String id = VolumeFixtures.available(codec, topics, project);

        action(project, id, "{\"os-extend\": {}}").then().statusCode(400).body("badRequest.message",
                equalTo("Invalid input for field/attribute os-extend. Value: {}. 'new_size' is a required property"));
        action(project, id, "{\"os-extend\": {\"new_size\": \"big\"}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute new_size. Value: big. 'big'"
                        + " does not match '^[0-9]+$'"));
        action(project, id, "{\"os-extend\": {\"new_size\": 0}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute new_size. Value: 0. 0 is less"
                        + " than the minimum of 1"));
        action(project, id, "{\"os-extend\": {\"new_size\": 2, \"force\": true}}").then().statusCode(400);

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("available");
        assertThat(Volumes.show(project, id).getInt("volume.size")).isEqualTo(1);
    }

    @Test
    void anInUseVolumeIsExtendedFrom342Only() {
        String project = Api.newProject();
        String id = VolumeFixtures.attached(codec, topics, project, UUID.randomUUID().toString());
        String extend = "{\"os-extend\": {\"new_size\": 2}}";

        Api.at(Api.member(project), "3.41").contentType(ContentType.JSON).body(extend)
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid volume: Volume " + id + " status must be '{'status':"
                        + " 'available'}' to extend, currently in-use."));
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("in-use");

        Api.at(Api.member(project), "3.42").contentType(ContentType.JSON).body(extend)
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(202);
        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("extending");

        VolumeExtended extended = new VolumeExtended(id, 2);
        Volumes.publish(topics.volumeEvents(), extended, Volumes.encode(codec, extended));
        Volumes.awaitStatus(project, id, "in-use");
        assertThat(Volumes.show(project, id).getInt("volume.size")).isEqualTo(2);
        assertThat(Volumes.show(project, id).getList("volume.attachments")).hasSize(1);
    }

    @Test
    void aVolumeInAnotherStatusCannotBeExtended() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        Api.at(Api.member(project), "3.42").contentType(ContentType.JSON).body("{\"os-extend\": {\"new_size\": 2}}")
                .post("/v3/" + project + "/volumes/" + id + "/action").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid volume: Volume " + id + " status must be '{'status':"
                        + " 'available'}' to extend, currently creating."));
    }
}
