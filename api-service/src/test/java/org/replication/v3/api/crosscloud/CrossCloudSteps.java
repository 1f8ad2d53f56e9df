package org.replication.v3.api.crosscloud;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.testinfra.TopicWriter;
import org.replication.v3.api.support.Kafka;

/** Requests to the cross-cloud API, and the volume-service's side played by hand. */
final class CrossCloudSteps {

    static final String MICROVERSION = "3.74";

    private CrossCloudSteps() {
    }

    static Response post(String project, String path, String body) {
        return Api.at(Api.admin(project), MICROVERSION).contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/" + path);
    }

    static Response get(String project, String path) {
        return Api.at(Api.admin(project), MICROVERSION).get("/v3/" + project + "/" + path);
    }

    static String exportBody(String scope, String resources, String extra) {
        return "{\"export\": {\"scope\": \"" + scope + "\", \"resources\": [" + resources + "]" + extra + "}}";
    }

    /** Publishes as the volume-service would, acknowledged before returning. */
    static void publish(EventCodec codec, String topic, DomainEvent event) {
        try (TopicWriter writer = new TopicWriter(Kafka.bootstrapServers())) {
            writer.send(topic, event.subject(), codec.encode(codec.wrap(event)));
        }
    }

    /**
     * A backend ({@code host@backend}) whose volumes live on {@code array}, replicating to site-b, which sits in
     * another cloud when {@code crossOs}; waits until the API stored the report.
     */
    static void backend(EventCodec codec, TopicNames topics, Rows rows, String backend, String array,
            boolean crossOs) {
        ReplicationTarget target = new ReplicationTarget("site-b", Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC),
                crossOs, Set.of(SyncTopology.ACTIVE_PASSIVE), false, 30, "az-2", Set.of());
        BackendCapabilities report = new BackendCapabilities(backend, "fast", "Open Source", "1.0.0", "file", "nova",
                Instant.now(), List.of(new PoolCapabilities("pool-a", 1000, 900, 100, true, 1.0, 0, Map.of(), null),
                        new PoolCapabilities("pool-b", 1000, 900, 100, true, 1.0, 0, Map.of(), null)),
                Map.of("volume_backend_name", "fast"), true, List.of(target), "test", true, array);
        Services.publishReport(codec, topics, report);
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> rows.count(
                "select count(*) from backend where host = $1 and array_name = $2", backend, array) == 1);
    }

    /** An available volume at {@code pool} (host@backend#pool), replicated to site-b, then failed over to it. */
    static String failedOver(EventCodec codec, TopicNames topics, Rows rows, String project, String pool,
            String body) {
        String id = body == null ? Volumes.create(project) : Api.at(Api.admin(project), "3.13")
                .contentType(ContentType.JSON)
                .body(body).post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        publish(codec, topics.volumeEvents(), new VolumeCreated(id, pool, null, 1));
        Volumes.awaitStatus(project, id, "available");
        publish(codec, topics.volumeEvents(), new ReplicationEnabled(id, pool, new VolumeReplication(
                ReplicationStatus.ENABLED, ReplicationMode.ASYNC, ReplicationScope.VOLUME, "site-b", null, false, 300,
                Map.of(), null), null, null));
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> rows.count(
                "select count(*) from volume where id = $1 and replication is not null", UUID.fromString(id)) == 1);
        rows.one("update volume set replication_status = 'failed-over' where id = $1 returning id",
                UUID.fromString(id));
        return id;
    }

    /** A sealed document of a failed-over volume whose replica lives on {@code array}. */
    static ReplicaDocument document(String volumeId, String array, String typeName, boolean failedOver,
            boolean encrypted, ReplicaDocument.Group group) {
        return ReplicaDocuments.sealed(new ReplicaDocument(ReplicaDocuments.FORMAT_VERSION,
                UUID.randomUUID().toString(), null, Instant.parse("2026-12-05T09:00:00Z"),
                new ReplicaDocument.Source("source-project", "other@fast#pool-a"), volumeId, "moved", "from A", 1,
                Map.of("k", "v"), true, false, encrypted, new ReplicaDocument.VolumeType(typeName,
                        Map.of("replication_enabled", "<is> True")), group,
                new ReplicaDocument.Replication(ReplicationMode.ASYNC, 300, ReplicationScope.VOLUME, failedOver),
                new ReplicaDocument.Replica(array, "site-b", array + ":pool-b/volume-" + volumeId, "pool-b",
                        1L << 30, 7, Instant.parse("2026-12-05T08:59:00Z"))));
    }

    static String importBody(ReplicaDocument... documents) {
        StringBuilder body = new StringBuilder("{\"import_replica\": {\"documents\": [");
        for (int i = 0; i < documents.length; i++) {
            body.append(i == 0 ? "" : ", ").append(ReplicaDocuments.toJson(documents[i]));
        }
        return body.append("]}}").toString();
    }

    static String newTypeName(String project) {
        String name = "xc-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin(project).contentType(ContentType.JSON).body("{\"volume_type\": {\"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/types").then().statusCode(200);
        return name;
    }
}
