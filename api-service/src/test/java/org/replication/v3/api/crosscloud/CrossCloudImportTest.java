package org.replication.v3.api.crosscloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.backend;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.document;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.get;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.importBody;
import static org.replication.v3.api.crosscloud.CrossCloudSteps.post;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** Cross-cloud import: all or nothing, the command, the volume-service's answer, the same document twice. */
@QuarkusTest
class CrossCloudImportTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private long importsOf(String project) {
        return rows.count("select count(*) from replica_import where project_id = $1", project);
    }

    private ImportReplicas command(String backendHost, String importId) {
        return codec.data(codec.decode(Kafka.await(topics.volumeCommands(),
                r -> r.key().equals(backendHost) && r.value().contains(importId), Volumes.EVENT_TIMEOUT).value()),
                ImportReplicas.class);
    }

    private void awaitImport(String project, String id, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(
                get(project, "replication/imports/" + id).then().extract().path("import.status")));
    }

    @Test
    void anImportRecordsManagingVolumesAndTheAnswerMakesThemAvailableOnce() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@dr";
        String array = "array-" + UUID.randomUUID();
        backend(codec, topics, rows, backendHost, array, false);
        String type = CrossCloudSteps.newTypeName(project);
        String volume = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        String groupType = "default_group_type";
        ReplicaDocument doc = document(volume, array, type, true, false,
                new ReplicaDocument.Group(groupId, "app-group", groupType, java.util.Map.of()));

        String id = post(project, "volumes/import-replica", importBody(doc)).then().statusCode(202)
                .body("import.status", equalTo("running"))
                .body("import.total", equalTo(1))
                .body("import.volumes[0].id", equalTo(volume))
                .body("import.volumes[0].document_id", equalTo(doc.documentId()))
                .body("import.volumes[0].status", equalTo("pending"))
                .extract().path("import.id");
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("managing");
        assertThat(Volumes.show(project, volume).getString("volume.group_id")).isNull();
        Api.at(Api.admin(project), "3.13").get("/v3/" + project + "/volumes/" + volume).then()
                .body("volume.group_id", equalTo(groupId))
                .body("volume.volume_type", equalTo(type))
                .body("volume.name", equalTo("moved"))
                .body("volume.metadata.k", equalTo("v"));
        Api.at(Api.admin(project), "3.13").get("/v3/" + project + "/groups/" + groupId).then().statusCode(200)
                .body("group.name", equalTo("app-group"));

        ImportReplicas command = command(backendHost, id);
        assertThat(command.volumes()).hasSize(1);
        ImportReplicas.Entry entry = command.volumes().get(0);
        assertThat(entry.volumeId()).isEqualTo(volume);
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.poolHost()).isEqualTo(backendHost + "#pool-b");
        assertThat(entry.groupId()).isEqualTo(groupId);
        assertThat(ReplicaDocuments.intact(entry.document())).isTrue();

        CrossCloudSteps.publish(codec, topics.volumeEvents(), new ReplicasImported(id, backendHost, List.of(
                new ReplicasImported.Result(volume, doc.documentId(), backendHost + "#pool-b", "volume-" + volume,
                        1, null))));
        awaitImport(project, id, "completed");
        Volumes.awaitStatus(project, volume, "available");
        get(project, "replication/imports/" + id).then().body("import.done", equalTo(1))
                .body("import.volumes[0].status", equalTo("imported"));
        get(project, "volumes/" + volume).then().body("volume.'os-vol-host-attr:host'",
                equalTo(backendHost + "#pool-b"));

        post(project, "volumes/import-replica", importBody(doc)).then().statusCode(409)
                .body("conflictingRequest.message", equalTo("Document " + doc.documentId()
                        + " was imported already as volume " + volume + "."));
        assertThat(importsOf(project)).isEqualTo(1);
    }

    @Test
    void aVolumeTheVolumeServiceRefusesIsRemovedAgainAndItsItemFails() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@dr";
        String array = "array-" + UUID.randomUUID();
        backend(codec, topics, rows, backendHost, array, false);
        String type = CrossCloudSteps.newTypeName(project);
        String volume = UUID.randomUUID().toString();
        ReplicaDocument doc = document(volume, array, type, true, false, null);
        String id = post(project, "volumes/import-replica", importBody(doc)).then().statusCode(202)
                .extract().path("import.id");

        CrossCloudSteps.publish(codec, topics.volumeEvents(), new ReplicasImported(id, backendHost, List.of(
                new ReplicasImported.Result(volume, doc.documentId(), backendHost + "#pool-b", null, 0,
                        "the array's recorded export digest differs"))));
        awaitImport(project, id, "error");
        get(project, "replication/imports/" + id).then().body("import.failed", equalTo(1))
                .body("import.volumes[0].status", equalTo("failed"))
                .body("import.volumes[0].reason", equalTo("the array's recorded export digest differs"));
        Volumes.awaitGone(project, volume);

        // the refused document may be imported again
        post(project, "volumes/import-replica", importBody(doc)).then().statusCode(202);
    }

    @Test
    void everyRefusalIsAllOrNothing() {
        String project = Api.newProject();
        String backendHost = Services.newHost() + "@dr";
        String array = "array-" + UUID.randomUUID();
        backend(codec, topics, rows, backendHost, array, false);
        String type = CrossCloudSteps.newTypeName(project);
        ReplicaDocument good = document(UUID.randomUUID().toString(), array, type, true, false, null);

        Api.at(Api.admin(project), "3.73").contentType("application/json").body(importBody(good))
                .post("/v3/" + project + "/volumes/import-replica").then().statusCode(404);
        Api.at(Api.member(project), "3.74").contentType("application/json").body(importBody(good))
                .post("/v3/" + project + "/volumes/import-replica").then().statusCode(403);
        post(project, "volumes/import-replica", "{\"import_replica\": {\"document\": {\"format_version\": 1,"
                + " \"colour\": \"red\"}}}").then().statusCode(400)
                .body("badRequest.message", containsString("is not a replica document of format 1"));

        ReplicaDocument tampered = new ReplicaDocument(good.formatVersion(), UUID.randomUUID().toString(),
                good.digest(), good.exportedAt(), good.source(), UUID.randomUUID().toString(), "renamed",
                good.description(), 500, good.metadata(), good.bootable(), good.multiattach(), false,
                good.volumeType(), null, good.replication(), good.replica());
        post(project, "volumes/import-replica", importBody(good, tampered)).then().statusCode(400)
                .body("badRequest.message", containsString("has been altered since it was exported"));

        ReplicaDocument encrypted = document(UUID.randomUUID().toString(), array, type, true, true, null);
        post(project, "volumes/import-replica", importBody(good, encrypted)).then().statusCode(400)
                .body("badRequest.message", equalTo("Volume " + encrypted.volumeId() + " is encrypted: its key"
                        + " belongs to this cloud's key manager and means nothing in another cloud; encrypted volumes"
                        + " cannot be moved across clouds."));

        ReplicaDocument notFailedOver = document(UUID.randomUUID().toString(), array, type, false, false, null);
        post(project, "volumes/import-replica", importBody(good, notFailedOver)).then().statusCode(409)
                .body("conflictingRequest.message", containsString("has not failed over in its source cloud"));

        ReplicaDocument elsewhere = document(UUID.randomUUID().toString(), "array-nobody-" + UUID.randomUUID(), type,
                true, false, null);
        post(project, "volumes/import-replica", importBody(good, elsewhere)).then().statusCode(400)
                .body("badRequest.message", equalTo("No backend of this cloud manages array "
                        + elsewhere.replica().array() + ", where the replica of volume " + elsewhere.volumeId()
                        + " lives."));

        ReplicaDocument unknownType = document(UUID.randomUUID().toString(), array, "no-such-type-here", true, false,
                null);
        post(project, "volumes/import-replica", importBody(good, unknownType)).then().statusCode(400)
                .body("badRequest.message", containsString("name one with volume_type"));

        String existing = Volumes.create(project);
        ReplicaDocument clash = document(existing, array, type, true, false, null);
        post(project, "volumes/import-replica", importBody(good, clash)).then().statusCode(409)
                .body("conflictingRequest.message", containsString("Volume " + existing + " exists in this cloud"));

        assertThat(importsOf(project)).isZero();
        Api.admin(project).get("/v3/" + project + "/volumes/" + good.volumeId()).then().statusCode(404);

        // an unknown type mapped by the request is imported with the named one
        String id = post(project, "volumes/import-replica", "{\"import_replica\": {\"document\": "
                + ReplicaDocuments.toJson(unknownType) + ", \"volume_type\": \"" + type + "\"}}").then()
                .statusCode(202).extract().path("import.id");
        assertThat(id).isNotBlank();
        assertThat(Volumes.show(project, unknownType.volumeId()).getString("volume.volume_type")).isEqualTo(type);
    }
}
