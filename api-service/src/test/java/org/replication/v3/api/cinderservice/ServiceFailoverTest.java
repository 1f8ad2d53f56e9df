package org.replication.v3.api.cinderservice;

import org.replication.v3.common.failover.OperationState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * os-services failover_host (and failover from 3.26) on top of the failover workflow: 202, the service
 * failing-over, a backend-scope FailoverRequested, and Cinder's service state once the operation ends.
 */
@QuarkusTest
class ServiceFailoverTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    private static Response put(String project, String microversion, String action, String body) {
        return Api.at(Api.admin(project), microversion).contentType(ContentType.JSON).body(body)
                .put("/v3/" + project + "/os-services/" + action);
    }

    private static JsonPath service(String project, String backend) {
        return Api.at(Api.admin(project), "3.26").queryParam("binary", ServiceBinary.VOLUME)
                .queryParam("host", backend).get("/v3/" + project + "/os-services").then().statusCode(200)
                .extract().jsonPath();
    }

    private void awaitReplicationStatus(String project, String backend, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(service(project, backend).getString("services[0].replication_status")));
    }

    /** The newest command for {@code backend} with {@code action}. */
    private FailoverRequested command(String backend, FailoverAction action) {
        return codec.data(codec.decode(Kafka.await(topics.replicationCommands(), record -> {
            FailoverRequested request = codec.data(codec.decode(record.value()), FailoverRequested.class);
            return request.resources().equals(List.of(backend)) && request.action() == action;
        }, Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
    }

    private FailoverRequested command(String operationId) {
        return codec.data(codec.decode(Kafka.await(topics.replicationCommands(),
                record -> record.key().equals(operationId), Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
    }

    private void finish(FailoverRequested request, String state) {
        finish(request, state, request.target());
    }

    /** @param target the target the replication-service names (it resolves one the request left out) */
    private void finish(FailoverRequested request, String state, String target) {
        OperationChanged event = new OperationChanged(request.operationId(), request.action(), request.scope(),
                request.resources(), target, OperationState.of(state), request.reason(),
                "refused".equals(state) ? "no replicated volume" : null, false, request.requestedBy(), 1,
                "completed".equals(state) ? 1 : 0, 0, null, List.of(), Instant.now(),
                "running".equals(state) ? null : Instant.now());
        Volumes.publish(topics.replicationEvents(), event, Volumes.encode(codec, event));
    }

    /** Every field os-services shows for the backend's service but the time of its last change. */
    private static Map<String, Object> fields(String project, String backend) {
        Map<String, Object> shown = new HashMap<>(service(project, backend).getMap("services[0]"));
        shown.remove("updated_at");
        return shown;
    }

    private static Response replication(String project, String action, String backend) {
        return Api.at(Api.admin(project), "3.71").contentType(ContentType.JSON)
                .body("{\"" + action + "\": {\"scope\": \"backend\", \"resources\": [\"" + backend + "\"]}}")
                .post("/v3/" + project + "/replication/" + action);
    }

    @Test
    void failoverHostRunsABackendOperationAndTheServiceShowsFailedOverThenFailsBack() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);

        put(project, "3.0", "failover_host", "{\"host\": \"" + backend + "\", \"backend_id\": \"site-b\"}").then()
                .statusCode(202).body(equalTo(""));
        assertThat(service(project, backend).getString("services[0].replication_status")).isEqualTo("failing-over");
        FailoverRequested request = command(backend, FailoverAction.FAILOVER);
        assertThat(request.scope()).isEqualTo(ReplicationScope.BACKEND);
        assertThat(request.target()).isEqualTo("site-b");
        assertThat(request.automatic()).isFalse();

        finish(request, "completed");
        awaitReplicationStatus(project, backend, "failed-over");
        JsonPath shown = service(project, backend);
        assertThat(shown.getString("services[0].active_backend_id")).isEqualTo("site-b");
        assertThat(shown.getString("services[0].status")).isEqualTo("disabled");
        assertThat(shown.getString("services[0].disabled_reason")).isEqualTo("failed-over");

        put(project, "3.0", "failover_host", "{\"host\": \"" + backend + "\", \"backend_id\": \"default\"}").then()
                .statusCode(202);
        FailoverRequested failback = command(backend, FailoverAction.FAILBACK);
        assertThat(failback.target()).isNull();
        finish(failback, "completed");
        awaitReplicationStatus(project, backend, "enabled");
        shown = service(project, backend);
        assertThat(shown.getString("services[0].active_backend_id")).isEmpty();
        assertThat(shown.getString("services[0].status")).isEqualTo("enabled");
        assertThat(shown.getString("services[0].disabled_reason")).isEmpty();
    }

    @Test
    void aRefusedFailoverLeavesTheServiceAsItWas() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        put(project, "3.26", "failover", "{\"host\": \"" + backend + "\", \"backend_id\": \"site-b\"}").then()
                .statusCode(202);
        // a second request while the first runs finds the service failing-over
        put(project, "3.0", "failover_host", "{\"host\": \"" + backend + "\", \"backend_id\": \"site-b\"}").then()
                .statusCode(400).body("badRequest.message", equalTo("Invalid input received: replication_status in "
                        + backend + " must be enabled or failed-over and must be up to failover."));

        finish(command(backend, FailoverAction.FAILOVER), "refused");
        awaitReplicationStatus(project, backend, "enabled");
        assertThat(service(project, backend).getString("services[0].status")).isEqualTo("enabled");
    }

    @Test
    void aSecondFailoverHostOnAFailedOverBackendIsRefusedAndLeavesTheServiceAsItWas() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        // no backend_id: the volumes' configured target, which the replication-service names in its events
        put(project, "3.0", "failover_host", "{\"host\": \"" + backend + "\"}").then().statusCode(202);
        finish(command(backend, FailoverAction.FAILOVER), "completed", "site-b");
        awaitReplicationStatus(project, backend, "failed-over");
        Map<String, Object> failedOver = fields(project, backend);
        assertThat(failedOver).containsEntry("active_backend_id", "site-b").containsEntry("status", "disabled")
                .containsEntry("disabled_reason", "failed-over").containsEntry("frozen", false);

        // as Cinder: accepted (the service is failed-over, which may fail over), then refused downstream
        put(project, "3.0", "failover_host", "{\"host\": \"" + backend + "\", \"backend_id\": \"site-b\"}")
                .then().statusCode(202);
        assertThat(service(project, backend).getString("services[0].replication_status")).isEqualTo("failing-over");
        FailoverRequested again = codec.data(codec.decode(Kafka.await(topics.replicationCommands(), record -> {
            FailoverRequested request = codec.data(codec.decode(record.value()), FailoverRequested.class);
            return request.resources().equals(List.of(backend)) && "site-b".equals(request.target());
        }, Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
        finish(again, "refused");
        awaitReplicationStatus(project, backend, "failed-over");
        assertThat(fields(project, backend)).isEqualTo(failedOver);
    }

    @Test
    void aBackendMovedThroughTheReplicationApiShowsInOsServicesAsFailoverHostWould() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        Map<String, Object> before = fields(project, backend);

        String refused = replication(project, "failover", backend).then().statusCode(202)
                .extract().path("operation.id");
        finish(command(refused), "refused");
        awaitOperation(project, refused, "refused");
        assertThat(fields(project, backend)).isEqualTo(before);

        String id = replication(project, "failover", backend).then().statusCode(202).extract().path("operation.id");
        FailoverRequested request = command(id);
        finish(request, "running", "site-b");
        awaitReplicationStatus(project, backend, "failing-over");
        finish(request, "completed", "site-b");
        awaitReplicationStatus(project, backend, "failed-over");
        JsonPath shown = service(project, backend);
        assertThat(shown.getString("services[0].active_backend_id")).isEqualTo("site-b");
        assertThat(shown.getString("services[0].status")).isEqualTo("disabled");
        assertThat(shown.getString("services[0].disabled_reason")).isEqualTo("failed-over");

        String back = replication(project, "failback", backend).then().statusCode(202)
                .extract().path("operation.id");
        FailoverRequested failback = command(back);
        finish(failback, "running");
        awaitReplicationStatus(project, backend, "failing-over");
        finish(failback, "completed");
        awaitReplicationStatus(project, backend, "enabled");
        shown = service(project, backend);
        assertThat(shown.getString("services[0].active_backend_id")).isEmpty();
        assertThat(shown.getString("services[0].status")).isEqualTo("enabled");
        assertThat(shown.getString("services[0].disabled_reason")).isEmpty();
    }

    private static void awaitOperation(String project, String id, String state) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> state.equals(
                Api.at(Api.admin(project), "3.71").get("/v3/" + project + "/replication/operations/" + id)
                        .then().extract().path("operation.state")));
    }

    @Test
    void aServiceThatIsDownOrNotReplicatingCannotFailOver() {
        String project = Api.newProject();
        String down = Services.newHost() + "@fast";
        Services.heartbeat(codec, topics, ServiceBinary.VOLUME, down, true, Instant.now().minusSeconds(3600));
        Services.awaitListed(ServiceBinary.VOLUME, down);
        put(project, "3.0", "failover_host", "{\"host\": \"" + down + "\", \"backend_id\": \"site-b\"}").then()
                .statusCode(400).body("badRequest.message", equalTo("Invalid input received: replication_status in "
                        + down + " must be enabled or failed-over and must be up to failover."));

        String plain = Services.newHost() + "@fast";
        Services.heartbeat(codec, topics, ServiceBinary.VOLUME, plain, false, Instant.now());
        Services.awaitListed(ServiceBinary.VOLUME, plain);
        put(project, "3.0", "failover_host", "{\"host\": \"" + plain + "\"}").then().statusCode(400);
        assertThat(service(project, plain).getString("services[0].replication_status")).isEqualTo("disabled");
    }
}
