package org.replication.v3.api.group;

import org.replication.v3.common.failover.OperationState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.messaging.EventEnvelope;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeCreated;
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

    private static final Map<String, String> REPLICATED_GROUP = Map.of("group_replication_enabled", "<is> True");
    private static final ReplicationDefaults NO_BACKEND_DEFAULTS = new ReplicationDefaults(null, null, null, null,
            null, "site-b");
    private static final ReplicationDefaults GLOBAL = new ReplicationDefaults(ReplicationScope.VOLUME,
            ReplicationMode.ASYNC, null, null, 3600, null);

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

    /** A volume of the group its backend created and replicated at group scope, as volume-service announces it. */
    private String replicatedVolumeIn(String project, String group, String host) {
        String volumeType = GroupSteps.admin(project, GroupSteps.GROUPS).get("/v3/" + project + "/groups/" + group)
                .then().extract().path("group.volume_types[0]");
        String id = GroupSteps.member(project, GroupSteps.GROUPS).body("{\"volume\": {\"size\": 1, \"group_id\": \""
                + group + "\", \"volume_type\": \"" + volumeType + "\"}}").post("/v3/" + project + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeCreated(id, host, "p-" + id, 1));
        Volumes.awaitStatus(project, id, "available");
        var settings = ReplicationPrecedence.resolve(ReplicationSpecs.ofGroupType(REPLICATED_GROUP),
                ReplicationSpecs.NONE, NO_BACKEND_DEFAULTS, GLOBAL);
        GroupSteps.publish(codec, topics.volumeEvents(), new ReplicationEnabled(id, host,
                VolumeReplication.of(settings, ReplicationStatus.ENABLED), null, group));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "enabled".equals(volumeReplication(project, id)));
        return id;
    }

    private static String volumeReplication(String project, String volume) {
        return GroupSteps.admin(project, "3.71").get("/v3/" + project + "/volumes/" + volume).then().extract()
                .path("volume.replication_status");
    }

    private static String groupReplication(String project, String group) {
        return GroupSteps.admin(project, "3.38").get("/v3/" + project + "/groups/" + group).then().extract()
                .path("group.replication_status");
    }

    private static void awaitGroupReplication(String project, String group, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(groupReplication(project, group)));
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

        // The group is failing-over until its operation ends: Cinder refuses another replication action.
        action(project, "3.38", group, "{\"failover_replication\": {\"secondary_backend_id\": \"default\"}}")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid Group: Group " + group
                        + " replication status must be ['enabled', 'failed-over'], but current status is:"
                        + " failing-over. Cannot failover replication."));
    }

    @Test
    void aReplicatedGroupIsEnabledOnceItsBackendCreatedItAndShowsItFrom338() {
        String project = Api.newProject();
        String group = GroupSteps.group(project,
                GroupSteps.groupType(project, "{\"group_replication_enabled\": \"<is> True\"}"),
                GroupSteps.volumeType(project));
        assertThat(groupReplication(project, group)).isEqualTo("enabling");

        GroupSteps.publish(codec, topics.volumeEvents(), new GroupCreated(group, Services.newHost() + "@fast#pool-a"));
        GroupSteps.awaitStatus(project, group, "available");

        assertThat(groupReplication(project, group)).isEqualTo("enabled");
        GroupSteps.member(project, "3.37").get("/v3/" + project + "/groups/" + group).then()
                .body("group", not(hasKey("replication_status")));
    }

    @Test
    void aGroupReplicatedVolumeShowsGroupScopeFromTheGroupTypeToAdmins() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String group = replicatedGroup(project, backend);
        String volume = replicatedVolumeIn(project, group, backend + "#pool-a");

        GroupSteps.admin(project, "3.71").get("/v3/" + project + "/volumes/" + volume).then()
                .body("volume.replication_scope", equalTo("group"))
                .body("volume.replication_sources.replication_scope", equalTo("group_type"))
                .body("volume.replication_sources.replication_enabled", equalTo("group_type"));
    }

    @Test
    void disableAndEnableReplicationAskTheBackendAndFollowItsAnswer() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String group = replicatedGroup(project, backend);
        String volume = replicatedVolumeIn(project, group, backend + "#pool-a");

        action(project, "3.38", group, "{\"disable_replication\": {}}").then().statusCode(202);
        assertThat(groupReplication(project, group)).isEqualTo("disabling");
        assertThat(volumeReplication(project, volume)).isEqualTo("disabling");
        ChangeGroupReplication disable = changeCommand(group, false);
        assertThat(disable.host()).isEqualTo(backend + "#pool-a");
        assertThat(disable.volumes()).containsExactly(new GroupMember(volume, backend + "#pool-a"));
        // Another change waits for the backend's answer.
        action(project, "3.38", group, "{\"enable_replication\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group " + group + " replication status must be"
                        + " ['disabled', 'enabled'], but current status is: disabling. Cannot enable replication."));

        GroupSteps.publish(codec, topics.volumeEvents(), new GroupReplicationChanged(group, false, ReplicationStatus.DISABLED, null,
                List.of(new GroupReplicationChanged.VolumeResult(volume, ReplicationStatus.DISABLED, null))));
        awaitGroupReplication(project, group, "disabled");
        assertThat(volumeReplication(project, volume)).isEqualTo("disabled");
        action(project, "3.38", group, "{\"disable_replication\": {}}").then().statusCode(400)
                .body("badRequest.message", containsString("replication status must be ['enabled', 'error']"));
        action(project, "3.38", group, "{\"failover_replication\": {}}").then().statusCode(400)
                .body("badRequest.message", containsString("replication status must be ['enabled', 'failed-over'],"
                        + " but current status is: disabled. Cannot failover replication."));

        action(project, "3.38", group, "{\"enable_replication\": {}}").then().statusCode(202);
        assertThat(groupReplication(project, group)).isEqualTo("enabling");
        assertThat(changeCommand(group, true).volumes()).extracting(GroupMember::volumeId).containsExactly(volume);
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupReplicationChanged(group, true, ReplicationStatus.ERROR,
                "link down", List.of(new GroupReplicationChanged.VolumeResult(volume, ReplicationStatus.ERROR, "link down"))));
        awaitGroupReplication(project, group, "error");
        assertThat(volumeReplication(project, volume)).isEqualTo("error");
        // From error, Cinder lets it be disabled.
        action(project, "3.38", group, "{\"disable_replication\": {}}").then().statusCode(202);
    }

    @Test
    void replicationChangesAreRefusedForAGroupThatIsNotAvailableAndForAnotherProject() {
        String project = Api.newProject();
        String group = GroupSteps.group(project,
                GroupSteps.groupType(project, "{\"group_replication_enabled\": \"<is> True\"}"),
                GroupSteps.volumeType(project));

        action(project, "3.38", group, "{\"enable_replication\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group " + group + " status must be"
                        + " ['available'], but current status is: creating. Cannot enable replication."));
        action(project, "3.38", group, "{\"disable_replication\": {}}").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group " + group + " status must be"
                        + " ['available', 'error'], but current status is: creating. Cannot disable replication."));
        String stranger = Api.newProject();
        GroupSteps.member(stranger, "3.38").body("{\"disable_replication\": {}}")
                .post("/v3/" + stranger + "/groups/" + group + "/action").then().statusCode(404);
        assertThat(groupReplication(project, group)).isEqualTo("enabling");
    }

    @Test
    void theGroupIsFailingOverWhileItsOperationRunsAndFailedOverOrEnabledWhenItEnds() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String group = replicatedGroup(project, backend);
        replicatedVolumeIn(project, group, backend + "#pool-a");

        action(project, "3.38", group, "{\"failover_replication\": {\"secondary_backend_id\": \"site-b\"}}")
                .then().statusCode(202);
        assertThat(groupReplication(project, group)).isEqualTo("failing-over");
        FailoverRequested failover = failoverCommand(group, FailoverAction.FAILOVER);
        operationChanged(failover, "running", 0);
        operationChanged(failover, "completed", 0);
        awaitGroupReplication(project, group, "failed-over");

        action(project, "3.38", group, "{\"failover_replication\": {\"secondary_backend_id\": \"default\"}}")
                .then().statusCode(202);
        assertThat(groupReplication(project, group)).isEqualTo("failing-over");
        FailoverRequested failback = failoverCommand(group, FailoverAction.FAILBACK);
        operationChanged(failback, "completed", 0);
        awaitGroupReplication(project, group, "enabled");

        action(project, "3.38", group, "{\"failover_replication\": {}}").then().statusCode(202);
        FailoverRequested refused = failoverCommand(group, FailoverAction.FAILOVER, failover.operationId());
        operationChanged(refused, "refused", 0);
        awaitGroupReplication(project, group, "enabled");

        action(project, "3.38", group, "{\"failover_replication\": {}}").then().statusCode(202);
        FailoverRequested partial = failoverCommand(group, FailoverAction.FAILOVER, failover.operationId(),
                refused.operationId());
        operationChanged(partial, "completed_with_errors", 1);
        awaitGroupReplication(project, group, "error");
    }

    @Test
    void aGroupOperationStartedThroughTheReplicationApiAlsoMovesTheGroup() {
        String project = Api.newProject();
        String group = replicatedGroup(project, Services.newHost() + "@fast");
        FailoverRequested request = new FailoverRequested(UUID.randomUUID().toString(), FailoverAction.FAILOVER,
                ReplicationScope.GROUP, List.of(group), "site-b", false, "drill", false, "admin", false);

        operationChanged(request, "running", 0);
        awaitGroupReplication(project, group, "failing-over");
        operationChanged(request, "completed", 0);
        awaitGroupReplication(project, group, "failed-over");
    }

    @Test
    void aSecondFailoverOfAFailedOverGroupIsRefusedAndLeavesItFailedOver() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String group = replicatedGroup(project, backend);
        String volume = replicatedVolumeIn(project, group, backend + "#pool-a");
        action(project, "3.38", group, "{\"failover_replication\": {}}").then().statusCode(202);
        FailoverRequested failover = failoverCommand(group, FailoverAction.FAILOVER);
        VolumesSwitched switched = new VolumesSwitched(failover.operationId(), backend, FailoverAction.FAILOVER,
                "site-b", List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null)));
        GroupSteps.publish(codec, topics.volumeEvents(), switched);
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "failed-over".equals(volumeReplication(project, volume)));
        operationChanged(failover, "completed", 0);
        awaitGroupReplication(project, group, "failed-over");

        action(project, "3.38", group, "{\"failover_replication\": {}}").then().statusCode(202);
        assertThat(groupReplication(project, group)).isEqualTo("failing-over");
        operationChanged(failoverCommand(group, FailoverAction.FAILOVER, failover.operationId()), "refused", 0);
        awaitGroupReplication(project, group, "failed-over");
    }

    private ChangeGroupReplication changeCommand(String group, boolean enable) {
        return codec.data(codec.decode(Kafka.await(topics.volumeCommands(), record -> {
            EventEnvelope envelope = codec.decode(record.value());
            return group.equals(record.key()) && ChangeGroupReplication.TYPE.equals(envelope.type())
                    && codec.data(envelope, ChangeGroupReplication.class).enable() == enable;
        }, Volumes.EVENT_TIMEOUT).value()), ChangeGroupReplication.class);
    }

    private FailoverRequested failoverCommand(String group, FailoverAction action, String... earlier) {
        List<String> skipped = List.of(earlier);
        return codec.data(codec.decode(Kafka.await(topics.replicationCommands(), record -> {
            FailoverRequested sent = codec.data(codec.decode(record.value()), FailoverRequested.class);
            return sent.resources().equals(List.of(group)) && sent.action() == action
                    && !skipped.contains(sent.operationId());
        }, Volumes.EVENT_TIMEOUT).value()), FailoverRequested.class);
    }

    /** What the replication-service says about the group's operation; one volume, switched or failed. */
    private void operationChanged(FailoverRequested request, String state, int failed) {
        boolean finished = !"running".equals(state);
        OperationChanged event = new OperationChanged(request.operationId(), request.action(), request.scope(),
                request.resources(), request.target(), OperationState.of(state), request.reason(),
                "refused".equals(state) ? "target unreachable" : null, false, request.requestedBy(), 1,
                finished ? 1 - failed : 0, failed, null, List.of(), Instant.now(), finished ? Instant.now() : null);
        GroupSteps.publish(codec, topics.replicationEvents(), event);
    }
}
