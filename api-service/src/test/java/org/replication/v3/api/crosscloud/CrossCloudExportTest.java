package org.replication.v3.api.crosscloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.backend;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.exportBody;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.failedOver;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.get;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.post;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.VolumeFixtures;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** Cross-cloud export: every refusal (with nothing written), the command, and the volume-service's answer. */
@QuarkusTest
class CrossCloudExportTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private long exportsOf(String project) {
        return rows.count("select count(*) from replica_export where project_id = $1", project);
    }

    private void refused(String project, String body, int code, String fault, String message) {
        post(project, "replication/export", body).then().statusCode(code)
                .body(fault + ".code", equalTo(code)).body(fault + ".message", containsString(message));
    }

    @Test
    void everyRefusalAnswersWithItsCodeAndWritesNothing() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@fast";
        backend(codec, topics, rows, backendHost, "array-" + UUID.randomUUID(), true);
        String volume = failedOver(codec, topics, rows, project, backendHost + "#pool-a", null);
        String body = exportBody("volume", "\"" + volume + "\"", "");

        Api.at(Api.admin(project), "3.73").contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/replication/export").then().statusCode(404);
        Api.at(Api.member(project), "3.74").contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/replication/export").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow replication:export to be performed."));
        refused(project, "{\"exports\": {}}", 400, "badRequest", "Additional properties are not allowed");
        refused(project, exportBody("site", "\"" + volume + "\"", ""), 400, "badRequest", "is not one of");
        refused(project, exportBody("volume", "", ""), 400, "badRequest", "[] is too short");
        String unknown = UUID.randomUUID().toString();
        refused(project, exportBody("volume", "\"" + unknown + "\"", ""), 404, "itemNotFound",
                "Volume " + unknown + " could not be found.");
        refused(project, exportBody("group", "\"" + unknown + "\"", ""), 404, "itemNotFound",
                "Group " + unknown + " could not be found.");
        refused(project, exportBody("pool", "\"" + backendHost + "#pool-z\"", ""), 404, "itemNotFound",
                "has no volumes");
        refused(project, exportBody("backend", "\"" + Services.newHost() + "@fast\"", ""), 404, "itemNotFound",
                "has no volumes");

        // replicated but not failed over
        String enabled = failedOver(codec, topics, rows, project, backendHost + "#pool-a", null);
        rows.one("update volume set replication_status = 'enabled' where id = $1 returning id",
                UUID.fromString(enabled));
        refused(project, exportBody("volume", "\"" + volume + "\", \"" + enabled + "\"", ""), 409,
                "conflictingRequest", "Volume " + enabled + " cannot be exported: its replication_status is enabled");

        // a target in this cloud
        String localBackend = Services.newHost() + "@fast";
        backend(codec, topics, rows, localBackend, "array-" + UUID.randomUUID(), false);
        String local = failedOver(codec, topics, rows, project, localBackend + "#pool-a", null);
        refused(project, exportBody("volume", "\"" + local + "\"", ""), 409, "conflictingRequest",
                "is not reported with cross_os: true");

        // encrypted
        String type = CrossCloudSteps.newTypeName(project);
        String typeId = Api.admin(project).get("/v3/" + project + "/types/" + type).then().extract()
                .path("volume_type.id");
        Api.admin(project).contentType(ContentType.JSON).body("{\"encryption\": {\"provider\": \"luks\"}}")
                .post("/v3/" + project + "/types/" + typeId + "/encryption").then().statusCode(200);
        String encrypted = failedOver(codec, topics, rows, project, backendHost + "#pool-a",
                "{\"volume\": {\"size\": 1, \"volume_type\": \"" + type + "\"}}");
        refused(project, exportBody("volume", "\"" + encrypted + "\"", ""), 400, "badRequest",
                "Volume " + encrypted + " is encrypted: its key belongs to this cloud's key manager and means nothing"
                        + " in another cloud; encrypted volumes cannot be moved across clouds.");

        // attached, clearing without acknowledgement
        VolumeFixtures.action(project, volume, "{\"os-attach\": {\"instance_uuid\": \"" + UUID.randomUUID()
                + "\", \"mountpoint\": \"/dev/vdb\"}}").then().statusCode(202);
        Volumes.awaitStatus(project, volume, "in-use");
        refused(project, exportBody("volume", "\"" + volume + "\"", ", \"clear_existing\": true"), 409,
                "conflictingRequest", "acknowledge_attached");

        assertThat(exportsOf(project)).isZero();
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("in-use");

        // a volume already in a running export
        post(project, "replication/export", exportBody("volume", "\"" + volume + "\"",
                ", \"clear_existing\": true, \"acknowledge_attached\": true")).then().statusCode(202);
        refused(project, body, 409, "conflictingRequest", "is in running export");
        assertThat(exportsOf(project)).isEqualTo(1);
    }

    @Test
    void anExportSendsTheApiFieldsAndItsAnswerClearsTheVolumeAndCompletesTheExport() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@fast";
        String array = "array-" + UUID.randomUUID();
        backend(codec, topics, rows, backendHost, array, true);
        String volume = failedOver(codec, topics, rows, project, backendHost + "#pool-a", null);
        Api.admin(project).contentType(ContentType.JSON).body("{\"metadata\": {\"app\": \"db\"}}")
                .post("/v3/" + project + "/volumes/" + volume + "/metadata").then().statusCode(200);

        String id = post(project, "replication/export", exportBody("volume", "\"" + volume + "\"",
                ", \"clear_existing\": true")).then().statusCode(202)
                .body("export.status", equalTo("running"))
                .body("export.scope", equalTo("volume"))
                .body("export.resources", contains(volume))
                .body("export.clear_existing", equalTo(true))
                .body("export.acknowledge_attached", equalTo(false))
                .body("export.total", equalTo(1))
                .body("export.done", equalTo(0))
                .extract().path("export.id");

        ExportReplicas command = codec.data(codec.decode(Kafka.await(topics.volumeCommands(),
                r -> r.key().equals(backendHost) && r.value().contains(id), Volumes.EVENT_TIMEOUT).value()),
                ExportReplicas.class);
        assertThat(command.exportId()).isEqualTo(id);
        assertThat(command.host()).isEqualTo(backendHost);
        assertThat(command.clearExisting()).isTrue();
        assertThat(command.volumes()).hasSize(1);
        ExportReplicas.Entry entry = command.volumes().get(0);
        assertThat(entry.volumeId()).isEqualTo(volume);
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.size()).isEqualTo(1);
        assertThat(entry.metadata()).containsEntry("app", "db");
        assertThat(entry.volumeTypeName()).isEqualTo("__DEFAULT__");
        assertThat(entry.groupId()).isNull();

        ReplicaDocument document = CrossCloudSteps.document(volume, array, "__DEFAULT__", true, false, null);
        CrossCloudSteps.publish(codec, topics.volumeEvents(), new ReplicasExported(id, backendHost, true,
                List.of(new ReplicasExported.Result(volume, document, null)), List.of()));

        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> "completed".equals(
                get(project, "replication/exports/" + id).then().extract().path("export.status")));
        get(project, "replication/exports/" + id).then().statusCode(200)
                .body("export.done", equalTo(1))
                .body("export.failed", equalTo(0))
                .body("export.documents[0].document_id", equalTo(document.documentId()))
                .body("export.documents[0].digest", equalTo(document.digest()))
                .body("export.documents[0].replica.array", equalTo(array))
                .body("export.failures", equalTo(List.of()));
        Api.admin(project).get("/v3/" + project + "/volumes/" + volume).then().statusCode(404);
        assertThat(rows.one("select status from volume where id = $1", UUID.fromString(volume)).getString(0))
                .isEqualTo("deleted");
        get(project, "replication/exports").then().statusCode(200).body("exports.id", hasItem(id));
    }

    @Test
    void aGroupExportCarriesTheGroupAndItsAnswerDeletesTheGroupLeftEmpty() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@fast";
        String array = "array-" + UUID.randomUUID();
        backend(codec, topics, rows, backendHost, array, true);
        String groupType = Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"group_specs\": {}}}")
                .post("/v3/" + project + "/group_types").then().statusCode(202).extract().path("group_type.id");
        String volumeType = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"vt-" + UUID.randomUUID() + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        String group = Api.at(Api.admin(project), "3.13").contentType(ContentType.JSON)
                .body("{\"group\": {\"name\": \"app\", \"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + volumeType + "\"]}}")
                .post("/v3/" + project + "/groups").then().statusCode(202).extract().path("group.id");
        CrossCloudSteps.publish(codec, topics.volumeEvents(), new GroupCreated(group, backendHost + "#pool-a"));
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> "available".equals(
                Api.at(Api.admin(project), "3.13").get("/v3/" + project + "/groups/" + group).then().extract()
                        .path("group.status")));
        String body = "{\"volume\": {\"size\": 1, \"volume_type\": \"" + volumeType + "\", \"group_id\": \""
                + group + "\"}}";
        String exported = failedOver(codec, topics, rows, project, backendHost + "#pool-a", body);
        String failed = failedOver(codec, topics, rows, project, backendHost + "#pool-a", body);

        String id = post(project, "replication/export", exportBody("group", "\"" + group + "\"",
                ", \"clear_existing\": true")).then().statusCode(202).body("export.total", equalTo(2))
                .extract().path("export.id");
        ExportReplicas command = codec.data(codec.decode(Kafka.await(topics.volumeCommands(),
                r -> r.key().equals(backendHost) && r.value().contains(id), Volumes.EVENT_TIMEOUT).value()),
                ExportReplicas.class);
        assertThat(command.volumes()).extracting(ExportReplicas.Entry::volumeId).containsExactly(exported, failed);
        ExportReplicas.Entry entry = command.volumes().get(0);
        assertThat(entry.groupId()).isEqualTo(group);
        assertThat(entry.groupName()).isEqualTo("app");
        assertThat(entry.groupTypeName()).startsWith("gt-");

        // one exported and cleared, one refused by the array: the group keeps the volume that stays
        ReplicaDocument document = CrossCloudSteps.document(exported, array, "vt", true, false, null);
        CrossCloudSteps.publish(codec, topics.volumeEvents(), new ReplicasExported(id, backendHost, true,
                List.of(new ReplicasExported.Result(exported, document, null),
                        new ReplicasExported.Result(failed, null, "replica not found on " + array)), List.of()));
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> "completed_with_errors"
                .equals(get(project, "replication/exports/" + id).then().extract().path("export.status")));
        get(project, "replication/exports/" + id).then()
                .body("export.done", equalTo(2))
                .body("export.failed", equalTo(1))
                .body("export.documents.size()", equalTo(1))
                .body("export.failures[0].volume_id", equalTo(failed))
                .body("export.failures[0].reason", equalTo("replica not found on " + array));
        Volumes.awaitGone(project, exported);
        Volumes.show(project, failed);
        Api.at(Api.admin(project), "3.13").get("/v3/" + project + "/groups/" + group).then().statusCode(200);

        // the last volume leaves: the volume-service clears the group with it
        String last = post(project, "replication/export", exportBody("volume", "\"" + failed + "\"",
                ", \"clear_existing\": true")).then().statusCode(202).extract().path("export.id");
        CrossCloudSteps.publish(codec, topics.volumeEvents(), new ReplicasExported(last, backendHost, true,
                List.of(new ReplicasExported.Result(failed, CrossCloudSteps.document(failed, array, "vt", true, false,
                        null), null)), List.of(group)));
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> "completed".equals(
                get(project, "replication/exports/" + last).then().extract().path("export.status")));
        Volumes.awaitGone(project, failed);
        Api.at(Api.admin(project), "3.13").get("/v3/" + project + "/groups/" + group).then().statusCode(404);
    }
}
