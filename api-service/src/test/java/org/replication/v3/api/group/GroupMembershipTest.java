package org.replication.v3.api.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.GlobalReplicationDefaults;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.testinfra.TopicReader;

/**
 * update_group's add_volumes / remove_volumes: checked as a create in the group is (Cinder's rules and scope
 * exclusivity), carried out by the group's backend, and applied from its answer.
 */
@QuarkusTest
class GroupMembershipTest {

    private static final Map<String, String> REPLICATED_GROUP = Map.of("group_replication_enabled", "<is> True");

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Rows rows;
    @Inject
    GlobalReplicationDefaults globalDefaults;

    @Test
    void aVolumeJoinsAReplicatedGroupThroughItsBackendAndLeavesItUnreplicated() {
        String project = Api.newProject();
        String backend = newBackend();
        String volumeType = GroupSteps.volumeType(project);
        String group = replicatedGroup(project, backend, volumeType);
        String member = replicatedMember(project, group, volumeType, backend + "#pool-a");
        String joining = availableVolume(project, volumeType, backend + "#pool-a");
        String path = "/v3/" + project + "/groups/" + group;

        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"add_volumes\": \"" + joining + "\"}}")
                .put(path).then().statusCode(202);

        assertThat(GroupSteps.status(project, group)).isEqualTo("updating");
        UpdateGroupOnBackend command = updateCommand(group, joining);
        assertThat(command.host()).isEqualTo(backend + "#pool-a");
        assertThat(command.replicating()).isTrue();
        assertThat(command.groupSpecs()).isEqualTo(REPLICATED_GROUP);
        assertThat(command.add()).extracting(UpdateGroupOnBackend.Joining::volumeId, UpdateGroupOnBackend.Joining::host)
                .containsExactly(tuple(joining, backend + "#pool-a"));
        assertThat(command.remove()).isEmpty();
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupMembershipChanged(group, command.host(),
                List.of(member, joining), null, List.of(new GroupMembershipChanged.Member(joining,
                        backend + "#pool-a", group, groupReplication(backend), ReplicationStatus.ENABLED, null))));
        GroupSteps.awaitStatus(project, group, "available");
        GroupSteps.admin(project, "3.71").get("/v3/" + project + "/volumes/" + joining).then()
                .body("volume.group_id", equalTo(group)).body("volume.replication_status", equalTo("enabled"));
        GroupSteps.member(project, "3.25").get(path + "?list_volume=true").then()
                .body("group.volumes", equalTo(List.of(member, joining)));

        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"remove_volumes\": \"" + member + "\"}}")
                .put(path).then().statusCode(202);

        assertThat(GroupSteps.status(project, group)).isEqualTo("updating");
        UpdateGroupOnBackend removal = updateCommand(group, member);
        assertThat(removal.add()).isEmpty();
        assertThat(removal.remove()).containsExactly(new GroupMember(member, backend + "#pool-a"));
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupMembershipChanged(group, command.host(),
                List.of(joining), null, List.of(new GroupMembershipChanged.Member(member, backend + "#pool-a", null,
                        null, ReplicationStatus.DISABLED, null))));
        GroupSteps.awaitStatus(project, group, "available");
        GroupSteps.admin(project, "3.71").get("/v3/" + project + "/volumes/" + member).then()
                .body("volume.group_id", nullValue()).body("volume.replication_status", equalTo("disabled"));
        GroupSteps.member(project, "3.25").get(path + "?list_volume=true").then()
                .body("group.volumes", equalTo(List.of(joining)));
    }

    @Test
    void aVolumeTheBackendCouldNotAddStaysOutAndTheGroupGoesToErrorWithOneMessageEvenIfTheAnswerComesTwice() {
        String project = Api.newProject();
        String backend = newBackend();
        String volumeType = GroupSteps.volumeType(project);
        String group = replicatedGroup(project, backend, volumeType);
        String joining = availableVolume(project, volumeType, backend + "#pool-a");

        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"add_volumes\": \"" + joining + "\"}}")
                .put("/v3/" + project + "/groups/" + group).then().statusCode(202);
        UpdateGroupOnBackend command = updateCommand(group, joining);
        GroupMembershipChanged answer = new GroupMembershipChanged(group, command.host(), List.of(),
                "volume " + joining + ": link down", List.of(new GroupMembershipChanged.Member(joining,
                        backend + "#pool-a", null, null, null, "link down")));
        String record = Volumes.encode(codec, answer);
        Volumes.publish(topics.volumeEvents(), answer, record);

        GroupSteps.awaitStatus(project, group, "error");
        // Delivered again (a redelivery after a crash): applied once. A later record with the same key is consumed
        // after it; once that one is recorded, so was the duplicate.
        Volumes.publish(topics.volumeEvents(), answer, record);
        String later = Volumes.encode(codec, new GroupDeleted(group));
        Kafka.send(topics.volumeEvents(), group, later);
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> rows.count("select count(*) from processed_message"
                + " where message_id = $1", codec.decode(later).id()) == 1);
        GroupSteps.member(project, GroupSteps.GROUPS).get("/v3/" + project + "/volumes/" + joining).then()
                .body("volume.group_id", nullValue());
        assertThat(GroupSteps.status(project, group)).isEqualTo("error");
        assertThat(rows.count("select count(*) from user_message where resource_uuid = $1", group)).isEqualTo(1);
        var message = rows.one("select user_message, reason from user_message where resource_uuid = $1", group);
        assertThat(message.getString(0)).isEqualTo("update group:Driver failed to update the group.");
        assertThat(message.getString(1)).contains("link down");
    }

    @Test
    void volumesThatWouldBreakScopeExclusivityOrCindersRulesAreRefusedAndNothingIsSent() {
        String project = Api.newProject();
        String backend = newBackend();
        String volumeType = GroupSteps.volumeType(project);
        String syncType = GroupSteps.volumeType(project, "{\"replication_mode\": \"sync\"}");
        String group = replicatedGroup(project, backend, volumeType, syncType);
        replicatedMember(project, group, volumeType, backend + "#pool-a");
        String path = "/v3/" + project + "/groups/" + group;
        String onItsOwn = replicatedOnItsOwn(project, volumeType, backend + "#pool-a");
        String inReplicatedPool = availableVolume(project, volumeType, backend + "#pool-b");
        String otherMode = availableVolume(project, syncType, backend + "#pool-a");
        String otherBackend = availableVolume(project, volumeType, newBackend() + "#pool-a");
        String creating = GroupSteps.member(project, GroupSteps.GROUPS)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + volumeType + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().<String>path("volume.id");
        String otherGroup = GroupSteps.group(project, GroupSteps.groupType(project, "{}"), volumeType);
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupCreated(otherGroup, backend + "#pool-a"));
        GroupSteps.awaitStatus(project, otherGroup, "available");
        String inOtherGroup = volumeIn(project, otherGroup, volumeType, backend + "#pool-a");

        refused(project, path, onItsOwn, "Invalid volume: Cannot add volume " + onItsOwn + " to group " + group
                + " because it is replicated on its own (replication_scope=volume), and a volume of a replicated"
                + " group is replicated only as the group is.");
        refused(project, path, inReplicatedPool, "Invalid volume: Cannot add volume " + inReplicatedPool
                + " to group " + group + " because " + backend + "#pool-b is replicated as a whole"
                + " (replication_scope=pool); a replicated group cannot be placed there, its volumes would be"
                + " replicated twice.");
        refused(project, path, otherMode, "Invalid volume: Cannot add volume " + otherMode + " to group " + group
                + " because it would replicate sync to site-b, but the group's volumes replicate async to site-b,"
                + " and a group's volumes replicate alike.");
        refused(project, path, otherBackend, "Invalid volume: Volume is not local to this node.");
        refused(project, path, creating, "Invalid volume: Cannot add volume " + creating + " to group " + group
                + " because volume is in an invalid state: creating. Valid states are: ('available', 'in-use').");
        refused(project, path, inOtherGroup, "Invalid volume: Cannot add volume " + inOtherGroup + " to group "
                + group + " because it is already in group " + otherGroup + ".");

        // While one change is in flight the group is updating, and takes no other.
        String accepted = availableVolume(project, volumeType, backend + "#pool-a");
        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"add_volumes\": \"" + accepted + "\"}}")
                .put(path).then().statusCode(202);
        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"name\": \"again\"}}").put(path).then()
                .statusCode(400).body("badRequest.message", equalTo("Invalid Group: Group status must be available,"
                        + " but current status is: updating."));

        // Commands of one group share its key, hence its partition: once the accepted one is there, a refused one
        // would have been before it.
        updateCommand(group, accepted);
        List<String> refusedIds = List.of(onItsOwn, inReplicatedPool, otherMode, otherBackend, creating,
                inOtherGroup);
        try (TopicReader reader = new TopicReader(Kafka.bootstrapServers(), topics.volumeCommands())) {
            assertThat(reader.readToEnd(Volumes.EVENT_TIMEOUT)).filteredOn(r -> group.equals(r.key()))
                    .noneMatch(r -> refusedIds.stream().anyMatch(r.value()::contains));
        }
        for (String volume : refusedIds) {
            Object groupId = rows.one("select group_id from volume where id = $1", UUID.fromString(volume))
                    .getValue(0);
            assertThat(groupId == null ? null : groupId.toString()).isIn(null, otherGroup);
        }
        assertThat(rows.one("select group_id from volume where id = $1", UUID.fromString(inOtherGroup))
                .getValue(0).toString()).isEqualTo(otherGroup);
    }

    @Test
    void aGroupThatIsFailedOverTakesNoMembershipChange() {
        String project = Api.newProject();
        String backend = newBackend();
        String volumeType = GroupSteps.volumeType(project);
        String group = replicatedGroup(project, backend, volumeType);
        String joining = availableVolume(project, volumeType, backend + "#pool-a");
        rows.one("update volume_group set replication_status = 'failed-over' where id = $1 returning id",
                UUID.fromString(group));

        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"add_volumes\": \"" + joining + "\"}}")
                .put("/v3/" + project + "/groups/" + group).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group " + group + " replication status must be"
                        + " ['enabled', 'disabled'] to add or remove volumes, but current status is: failed-over."));
        assertThat(GroupSteps.status(project, group)).isEqualTo("available");
        GroupSteps.member(project, GroupSteps.GROUPS).get("/v3/" + project + "/volumes/" + joining).then()
                .body("volume.group_id", nullValue());
    }

    private void refused(String project, String path, String volume, String message) {
        GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"name\": \"renamed\", \"add_volumes\": \""
                + volume + "\"}}").put(path).then().statusCode(400).body("badRequest.message", equalTo(message));
        GroupSteps.member(project, GroupSteps.GROUPS).get(path).then().body("group.status", equalTo("available"))
                .body("group.name", not(equalTo("renamed")));
    }

    private UpdateGroupOnBackend updateCommand(String group, String volume) {
        var record = Kafka.await(topics.volumeCommands(), r -> group.equals(r.key())
                && UpdateGroupOnBackend.TYPE.equals(codec.decode(r.value()).type()) && r.value().contains(volume),
                Volumes.EVENT_TIMEOUT);
        return codec.data(codec.decode(record.value()), UpdateGroupOnBackend.class);
    }

    /** A backend of its own, reporting its pools (pool-b replicated as a whole) and target site-b. */
    private String newBackend() {
        String backend = "node-" + UUID.randomUUID().toString().substring(0, 8) + "@fast";
        Services.publishReport(codec, topics, Services.report(backend, "fast", Instant.now()));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> rows.count("select count(*) from backend where host = $1", backend) == 1);
        return backend;
    }

    private String replicatedGroup(String project, String backend, String... volumeTypes) {
        String group = GroupSteps.member(project, GroupSteps.GROUPS).body("{\"group\": {\"group_type\": \""
                + GroupSteps.groupType(project, "{\"group_replication_enabled\": \"<is> True\"}")
                + "\", \"volume_types\": [\"" + String.join("\", \"", volumeTypes) + "\"]}}")
                .post("/v3/" + project + "/groups").then().statusCode(202).extract().path("group.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupCreated(group, backend + "#pool-a"));
        GroupSteps.awaitStatus(project, group, "available");
        return group;
    }

    /** How a volume of a replicated group on pool-a replicates, as the API's own precedence resolves it. */
    private VolumeReplication groupReplication(String backend) {
        ReplicationDefaults poolA = Services.report(backend, "fast", Instant.now()).pools().get(0).replication();
        return VolumeReplication.of(ReplicationPrecedence.resolve(ReplicationSpecs.ofGroupType(REPLICATED_GROUP),
                ReplicationSpecs.NONE, poolA, globalDefaults.asDefaults()), ReplicationStatus.ENABLED);
    }

    private String replicatedMember(String project, String group, String volumeType, String host) {
        String id = volumeIn(project, group, volumeType, host);
        GroupSteps.publish(codec, topics.volumeEvents(), new ReplicationEnabled(id, host,
                groupReplication(VolumeHost.parse(host).backendHost()), null, group));
        awaitReplication(project, id, "enabled");
        return id;
    }

    private String replicatedOnItsOwn(String project, String volumeType, String host) {
        String id = availableVolume(project, volumeType, host);
        ReplicationDefaults poolA = Services.report(VolumeHost.parse(host).backendHost(), "fast", Instant.now()).pools().get(0)
                .replication();
        GroupSteps.publish(codec, topics.volumeEvents(), new ReplicationEnabled(id, host, VolumeReplication.of(
                ReplicationPrecedence.resolve(ReplicationSpecs.NONE, ReplicationSpecs.ofVolumeType(Map.of(
                        "replication_enabled", "<is> True", "replication_scope", "volume")), poolA,
                        globalDefaults.asDefaults()), ReplicationStatus.ENABLED), null, null));
        awaitReplication(project, id, "enabled");
        return id;
    }

    private static void awaitReplication(String project, String volume, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> status.equals(GroupSteps.admin(project, "3.71")
                .get("/v3/" + project + "/volumes/" + volume).then().extract().path("volume.replication_status")));
    }

    private String volumeIn(String project, String group, String volumeType, String host) {
        String id = GroupSteps.member(project, GroupSteps.GROUPS).body("{\"volume\": {\"size\": 1, \"group_id\": \""
                + group + "\", \"volume_type\": \"" + volumeType + "\"}}").post("/v3/" + project + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeCreated(id, host, "p-" + id, 1));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    private String availableVolume(String project, String volumeType, String host) {
        String id = GroupSteps.member(project, GroupSteps.GROUPS)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + volumeType + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeCreated(id, host, "p-" + id, 1));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

}
