package org.replication.v3.api.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationScope;

/** Tiramisu's group failover_replication and list_replication_targets on top of the failover workflow. */
@QuarkusTest
class GroupReplicationTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    /** A replicated group, available on a backend no other test uses, that reports target site-b. */
    private String replicatedGroup(String project, String backend) {
        String group = GroupSteps.group(project,
                GroupSteps.groupType(project, "{\"group_replication_enabled\": \"<is> True\"}"),
                GroupSteps.volumeType(project));
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupCreated(group, backend + "#pool-a"));
        GroupSteps.awaitStatus(project, group, "available");
        Services.publishReport(codec, topics, Services.report(backend, "fast", Instant.now()));
        return group;
    }

    private static io.restassured.response.Response action(String project, String version, String group,
            String body) {
        return GroupSteps.member(project, version).body(body).post("/v3/" + project + "/groups/" + group + "/action");
    }

    @Test
    void listReplicationTargetsReadsTheGroupsBackendReport() {
        String project = Api.newProject();
        String group = replicatedGroup(project, Services.newHost() + "@fast");
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> !action(project, "3.38", group,
                "{\"list_replication_targets\": {}}").then().statusCode(200).extract().jsonPath()
                .getList("replication_targets").isEmpty());
        action(project, "3.38", group, "{\"list_replication_targets\": {}}").then().statusCode(200)
                .body("replication_targets[0].backend_id", equalTo("site-b"));
        action(project, "3.37", group, "{\"list_replication_targets\": {}}").then().statusCode(404);
        action(project, "3.38", group, "{\"list_replication_targets\": {\"x\": 1}}").then().statusCode(400);
    }

    @Test
    void failoverReplicationStartsAGroupOperation() {
        String project = Api.newProject();
        String group = replicatedGroup(project, Services.newHost() + "@fast");
        action(project, "3.38", group, "{\"failover_replication\": {\"allow_attached_volume\": \"maybe\"}}").then()
                .statusCode(400);
        action(project, "3.38", group, "{\"failover_replication\": {\"secondary\": \"site-b\"}}").then()
                .statusCode(400);
        assertThat(rows.count("select count(*) from failover_operation where resources = $1", group)).isZero();

        action(project, "3.38", group, "{\"failover_replication\": {\"allow_attached_volume\": false,"
                + " \"secondary_backend_id\": \"site-b\"}}").then().statusCode(202);
        FailoverRequested request = codec.data(codec.decode(Kafka.await(topics.replicationCommands(), record -> {
            FailoverRequested sent = codec.data(codec.decode(record.value()), FailoverRequested.class);
            return sent.resources().equals(List.of(group));
        }, Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
        assertThat(request.scope()).isEqualTo(ReplicationScope.GROUP);
        assertThat(request.action()).isEqualTo(FailoverAction.FAILOVER);
        assertThat(request.target()).isEqualTo("site-b");

        action(project, "3.38", group, "{\"failover_replication\": {\"secondary_backend_id\": \"default\"}}")
                .then().statusCode(409).body("conflictingRequest.message", containsString(request.operationId()));
    }
}
