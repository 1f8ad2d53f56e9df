package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/** From the create request to the state the other services report, through the real broker. */
@QuarkusTest
class VolumeLifecycleTest {

    private static final String HOST = "node1@fast#pool-a";

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    @Test
    void createAnswersAcceptedWithCindersVolumeBody() {
        String project = Api.newProject();
        Response response = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"name\": \"golden-vol\", \"description\": \"golden capture\","
                        + " \"volume_type\": \"__DEFAULT__\"}}")
                .post("/v3/" + project + "/volumes");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.header(Api.VERSION_HEADER)).isEqualTo("volume 3.0");
        JsonNode volume = Golden.parse(response.asString()).get("volume");
        Golden.assertSameShape(Golden.parse(response.asString()), "volume-create.json");
        assertThat(volume.get("status").asText()).isEqualTo("creating");
        assertThat(volume.get("size").asInt()).isEqualTo(1);
        assertThat(volume.get("volume_type").asText()).isEqualTo("__DEFAULT__");
        assertThat(volume.get("availability_zone").asText()).isEqualTo("nova");
        assertThat(volume.get("updated_at").isNull()).isTrue();
        assertThat(volume.get("links").get(0).get("href").asText())
                .endsWith("/v3/" + project + "/volumes/" + volume.get("id").asText());
    }

    @Test
    void createAtMicroversion370AddsTheLaterFields() {
        String project = Api.newProject();
        Response response = Api.at(Api.admin(project), "3.70").contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"name\": \"golden-vol-370\"}}")
                .post("/v3/" + project + "/volumes");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.header(Api.VERSION_HEADER)).isEqualTo("volume 3.70");
        Golden.assertSameShape(Golden.parse(response.asString()), "volume-create-3.70.json");
    }

    @Test
    void createdVolumeCanBeReadAtOnce() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        JsonPath volume = Volumes.show(project, id);

        assertThat(volume.getString("volume.status")).isEqualTo("creating");
        assertThat(volume.getString("volume.os-vol-tenant-attr:tenant_id")).isEqualTo(project);
        assertThat(volume.getString("volume['os-vol-host-attr:host']")).isNull();
    }

    @Test
    void createSendsTheScheduleCommandWithTheTypesExtraSpecs() {
        String project = Api.newProject();
        String type = "sched-" + UUID.randomUUID();
        String typeId = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + type + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"extra_specs\": {\"volume_backend_name\": \"fast\", \"replication_enabled\": \"<is> True\"}}")
                .post("/v3/" + project + "/types/" + typeId + "/extra_specs").then().statusCode(200);

        String id = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 3, \"volume_type\": \"" + type + "\", \"availability_zone\": \"az1\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");

        ConsumerRecord<String, String> record = Kafka.await(topics.schedulerCommands(), r -> id.equals(r.key()),
                Volumes.EVENT_TIMEOUT);
        JsonNode event = Golden.parse(record.value());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo(ScheduleVolumeCreate.TYPE);
        assertThat(event.get("source").asText()).isEqualTo("api-service");
        assertThat(event.get("subject").asText()).isEqualTo(id);
        assertThat(event.get("id").asText()).isNotBlank();
        assertThat(event.get("time").asText()).isNotBlank();
        ScheduleVolumeCreate command = codec.data(codec.decode(record.value()), ScheduleVolumeCreate.class);
        assertThat(command.volumeId()).isEqualTo(id);
        assertThat(command.projectId()).isEqualTo(project);
        assertThat(command.userId()).isEqualTo("admin");
        assertThat(command.size()).isEqualTo(3);
        assertThat(command.volumeTypeId()).isEqualTo(typeId);
        assertThat(command.volumeTypeName()).isEqualTo(type);
        assertThat(command.availabilityZone()).isEqualTo("az1");
        assertThat(command.extraSpecs()).isEqualTo(Map.of("volume_backend_name", "fast",
                "replication_enabled", "<is> True"));
    }

    @Test
    void volumeCreatedEventMakesTheVolumeAvailableOnItsHost() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, HOST, "provider-" + id, 1);

        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));

        Volumes.awaitStatus(project, id, "available");
        Response show = Api.at(Api.admin(project), "3.70").get("/v3/" + project + "/volumes/" + id);
        Golden.assertSameShape(Golden.parse(show.asString()), "volume-show-3.70.json");
        JsonPath volume = show.jsonPath();
        assertThat(volume.getString("volume['os-vol-host-attr:host']")).isEqualTo(HOST);
        assertThat(volume.getString("volume.provider_id")).isEqualTo("provider-" + id);
        assertThat(volume.getString("volume.replication_status")).isEqualTo("disabled");
        assertThat(volume.getString("volume.service_uuid")).isNotNull();
        assertThat(volume.getString("volume.updated_at")).isNotNull();
        Golden.assertSameShape(Golden.parse(Api.admin(project).get("/v3/" + project + "/volumes/" + id).asString()),
                "volume-show.json");
    }

    @Test
    void redeliveredEventIsAppliedOnlyOnce() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, HOST, null, 1);
        String record = Volumes.encode(codec, created);
        Volumes.publish(topics.volumeEvents(), created, record);
        Volumes.awaitStatus(project, id, "available");
        String updatedAt = Volumes.show(project, id).getString("volume.updated_at");
        long inboxRows = rows.count("select count(*) from processed_message where message_id = $1",
                codec.decode(record).id());

        Volumes.publish(topics.volumeEvents(), created, record);
        // A later event with the same key is consumed after the redelivery: once it has shown, so had the duplicate.
        String later = Volumes.create(project);
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(later, HOST, null, 1)));
        Volumes.awaitStatus(project, later, "available");

        assertThat(Volumes.show(project, id).getString("volume.updated_at")).isEqualTo(updatedAt);
        assertThat(inboxRows).isEqualTo(1);
        assertThat(rows.count("select count(*) from processed_message where message_id = $1",
                codec.decode(record).id())).isEqualTo(1);
    }

    @Test
    void schedulingFailureTurnsTheVolumeToErrorWithAMessageForTheUser() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "No valid backend was found. No weighed backends available");

        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));

        Volumes.awaitStatus(project, id, "error");
        await().atMost(Duration.ofSeconds(5)).until(() -> rows.count(
                "select count(*) from user_message where resource_uuid = $1 and project_id = $2", id, project) == 1);
        var message = rows.one("select event_id, user_message, message_level from user_message where resource_uuid = $1",
                id);
        assertThat(message.getString("event_id")).isEqualTo("VOLUME_VOLUME_001_003");
        assertThat(message.getString("message_level")).isEqualTo("ERROR");
        assertThat(message.getString("user_message"))
                .isEqualTo("schedule allocate volume:Could not find any available weighted backend.");
    }

    @Test
    void backendFailureTurnsTheVolumeToError() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeCreateFailed failed = new VolumeCreateFailed(id, HOST, "driver exploded");

        Volumes.publish(topics.volumeEvents(), failed, Volumes.encode(codec, failed));

        Volumes.awaitStatus(project, id, "error");
        assertThat(Volumes.show(project, id).getString("volume['os-vol-host-attr:host']")).isEqualTo(HOST);
    }

    @Test
    void memberSeesNoBackendDetails() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, HOST, "p", 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(project, id, "available");

        Api.at(Api.member(project), "3.70").get("/v3/" + project + "/volumes/" + id)
                .then().statusCode(200)
                .body("volume.status", equalTo("available"))
                .body("volume.containsKey('os-vol-host-attr:host')", equalTo(false))
                .body("volume.containsKey('provider_id')", equalTo(false))
                .body("volume.containsKey('migration_status')", equalTo(false))
                .body("volume.containsKey('os-vol-tenant-attr:tenant_id')", equalTo(true))
                .body("volume.containsKey('volume_type_id')", equalTo(true));
    }
}
