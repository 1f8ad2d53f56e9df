package org.replication.v3.api.failover;

import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.replication.FailoverExpectations;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.volume.VolumeCreated;

/** Requests to the failover API, and the replication-service's side played by hand. */
final class FailoverSteps {

    static final String MICROVERSION = "3.71";

    private FailoverSteps() {
    }

    static Response post(String project, String action, String body) {
        return Api.at(Api.admin(project), MICROVERSION).contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/replication/" + action);
    }

    static Response get(String project, String path) {
        return Api.at(Api.admin(project), MICROVERSION).get("/v3/" + project + "/replication/" + path);
    }

    /** An available volume its backend reported created at {@code host} (host@backend#pool). */
    static String volumeAt(EventCodec codec, TopicNames topics, String project, String host) {
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, host, null, 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    static FailoverRequested command(EventCodec codec, TopicNames topics, String operationId) {
        return codec.data(codec.decode(Kafka.await(topics.replicationCommands(),
                record -> record.key().equals(operationId), Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
    }

    /** Publishes what the replication-service would say about the operation at this step. */
    static void changed(EventCodec codec, TopicNames topics, FailoverRequested request, String state, int total,
            int done, int failed, OperationChanged.Plan plan, List<VolumesSwitched.Result> results) {
        boolean finished = !"running".equals(state);
        OperationChanged event = new OperationChanged(request.operationId(), request.action(), request.scope(),
                request.resources(), request.target(), OperationState.of(state), request.reason(), "refused".equals(state)
                        ? "volume is not replicated" : null, request.automatic(), request.requestedBy(), total, done,
                failed, plan, results, Instant.now(), finished ? Instant.now() : null);
        Volumes.publish(topics.replicationEvents(), event, Volumes.encode(codec, event));
    }

    static OperationChanged.Plan plan(String backend, int volumes) {
        return new OperationChanged.Plan("async_planned", Map.of(backend, volumes), FailoverExpectations.DataLoss.BOUNDED_BY_RPO, 300,
                FailoverExpectations.Downtime.MANUAL_FAILOVER);
    }

    static FailoverRequested automatic(String volumeId) {
        return new FailoverRequested(java.util.UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.VOLUME, List.of(volumeId), "site-b", false, "mediator: primary lost", false,
                "replication-service", true);
    }

    static void awaitState(String project, String operationId, String state) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> state.equals(
                get(project, "operations/" + operationId).then().extract().path("operation.state")));
    }
}
