package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

@QuarkusTest
class VolumeDeleteTest {

    private static final String HOST = "node1@fast#pool-a";
    private static final String NOT_DELETABLE = "Invalid volume: Volume status must be available or error or"
            + " error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a"
            + " group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private String availableVolume(String project) {
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, HOST, null, 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    @Test
    void deletingAPlacedVolumeAsksItsBackendAndTheBackendsEventRemovesIt() {
        String project = Api.newProject();
        String id = availableVolume(project);

        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("deleting");
        ConsumerRecord<String, String> record = Kafka.await(topics.volumeCommands(), r -> id.equals(r.key()),
                Volumes.EVENT_TIMEOUT);
        DeleteVolume command = codec.data(codec.decode(record.value()), DeleteVolume.class);
        assertThat(codec.decode(record.value()).type()).isEqualTo(DeleteVolume.TYPE);
        assertThat(command.volumeId()).isEqualTo(id);
        assertThat(command.host()).isEqualTo(HOST);

        VolumeDeleted deleted = new VolumeDeleted(id);
        Volumes.publish(topics.volumeEvents(), deleted, Volumes.encode(codec, deleted));

        Volumes.awaitGone(project, id);
        assertThat(Api.admin(project).get("/v3/" + project + "/volumes").jsonPath().getList("volumes")).isEmpty();
        assertThat(rows.count("select count(*) from volume where id = $1::uuid and deleted_at is not null", id))
                .isEqualTo(1);
    }

    @Test
    void volumeThatNeverReachedABackendIsDeletedAtOnce() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "no backend");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        Volumes.awaitStatus(project, id, "error");

        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);

        Api.admin(project).get("/v3/" + project + "/volumes/" + id).then().statusCode(404);
    }

    @Test
    void volumeBeingCreatedCannotBeDeleted() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        Api.admin(project).delete("/v3/" + project + "/volumes/" + id)
                .then().statusCode(400).body("badRequest.message", equalTo(NOT_DELETABLE));

        assertThat(Volumes.show(project, id).getString("volume.status")).isEqualTo("creating");
    }

    @Test
    void failedBackendDeleteLeavesErrorDeleting() {
        String project = Api.newProject();
        String id = availableVolume(project);
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);

        VolumeDeleteFailed failed = new VolumeDeleteFailed(id, "array offline");
        Volumes.publish(topics.volumeEvents(), failed, Volumes.encode(codec, failed));

        Volumes.awaitStatus(project, id, "error_deleting");
    }

    @Test
    void lateCreatedEventDoesNotBringADeletedVolumeBack() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "no backend");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        Volumes.awaitStatus(project, id, "error");
        Api.admin(project).delete("/v3/" + project + "/volumes/" + id).then().statusCode(202);

        VolumeCreated late = new VolumeCreated(id, HOST, null, 1);
        Volumes.publish(topics.volumeEvents(), late, Volumes.encode(codec, late));
        // Sent with the same key, so consumed after the late event: once it shows, the late one was handled.
        String marker = Volumes.create(project);
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(marker, HOST, null, 1)));
        Volumes.awaitStatus(project, marker, "available");

        Api.admin(project).get("/v3/" + project + "/volumes/" + id).then().statusCode(404);
        assertThat(Api.admin(project).get("/v3/" + project + "/volumes").jsonPath().getList("volumes.id"))
                .containsExactly(marker);
    }
}
