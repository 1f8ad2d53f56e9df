package org.replication.v3.api.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;

/** Generic volume groups (3.13+) from the request to the state the other services report, through the real broker. */
@QuarkusTest
class GroupTest {

    private static final String GROUP_HOST = "node1@fast#pool-a";

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Rows rows;

    @Test
    void createAnswersAcceptedAndAsksTheSchedulerToSuitEveryType() {
        String project = Api.newProject();
        String groupType = GroupSteps.groupType(project, "{\"consistent_group_snapshot_enabled\": \"<is> False\"}");
        String fast = GroupSteps.volumeType(project);
        String slow = GroupSteps.volumeType(project);

        Response created = GroupSteps.member(project, "3.13")
                .body("{\"group\": {\"name\": \"golden-group\", \"description\": \"golden capture\", \"group_type\": \""
                        + groupType + "\", \"volume_types\": [\"" + fast + "\", \"" + slow + "\"]}}")
                .post("/v3/" + project + "/groups");

        assertThat(created.statusCode()).isEqualTo(202);
        Golden.assertSameShape(Golden.parse(created.asString()), "group-create.json");
        String id = created.jsonPath().getString("group.id");
        assertThat(GroupSteps.status(project, id)).isEqualTo("creating");
        var record = Kafka.await(topics.schedulerCommands(), r -> id.equals(r.key()), Volumes.EVENT_TIMEOUT);
        assertThat(codec.decode(record.value()).type()).isEqualTo(ScheduleGroupCreate.TYPE);
        ScheduleGroupCreate command = codec.data(codec.decode(record.value()), ScheduleGroupCreate.class);
        assertThat(command.projectId()).isEqualTo(project);
        assertThat(command.groupTypeId()).isEqualTo(groupType);
        assertThat(command.groupSpecs()).isEqualTo(Map.of("consistent_group_snapshot_enabled", "<is> False"));
        assertThat(command.volumeTypes()).extracting(t -> t.id()).containsExactly(fast, slow);
        assertThat(command.availabilityZone()).isEqualTo("nova");
    }

    @Test
    void groupCreatedMakesItAvailableAndShowsItAsCinderDoesAtEachMicroversion() {
        String project = Api.newProject();
        String volumeType = GroupSteps.volumeType(project);
        String id = availableGroup(project, GroupSteps.groupType(project, "{}"), volumeType);
        String volume = volumeInGroup(project, id, volumeType);

        String path = "/v3/" + project + "/groups/" + id;
        Response at313 = GroupSteps.member(project, "3.13").get(path);
        Golden.assertSameShape(Golden.parse(at313.asString()), "group-show-3.13.json");
        assertThat(at313.jsonPath().getString("group.status")).isEqualTo("available");
        assertThat(at313.jsonPath().getList("group.volume_types")).containsExactly(volumeType);
        Golden.assertSameShape(Golden.parse(GroupSteps.member(project, "3.38").get(path).asString()),
                "group-show-3.38.json");
        GroupSteps.member(project, "3.38").get(path).then().body("group.replication_status", equalTo("disabled"));
        Response listed = GroupSteps.member(project, "3.25").get(path + "?list_volume=True");
        Golden.assertSameShape(Golden.parse(listed.asString()), "group-show-list-volume-3.25.json");
        assertThat(listed.jsonPath().getList("group.volumes")).containsExactly(volume);
        GroupSteps.member(project, "3.24").get(path + "?list_volume=True").then()
                .body("group", not(org.hamcrest.Matchers.hasKey("volumes")));
        GroupSteps.member(project, "3.13").get("/v3/" + project + "/groups").then().statusCode(200)
                .body("groups", equalTo(List.of(Map.of("id", id, "name", at313.jsonPath().getString("group.name")))));
        GroupSteps.member(project, "3.13").get("/v3/" + project + "/groups/detail").then().statusCode(200)
                .body("groups[0].id", equalTo(id)).body("groups[0].status", equalTo("available"));
        String second = GroupSteps.group(project, GroupSteps.groupType(project, "{}"), volumeType);
        GroupSteps.member(project, "3.25").get("/v3/" + project + "/groups/detail?list_volume=true").then()
                .statusCode(200).body("groups.id", equalTo(List.of(second, id)))
                .body("groups[1].volumes", equalTo(List.of(volume)));
        Api.member(project).get(path).then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
    }

    @Test
    void noBackendForTheGroupLeavesItInErrorWithAUserMessage() {
        String project = Api.newProject();
        String id = GroupSteps.group(project, GroupSteps.groupType(project, "{}"), GroupSteps.volumeType(project));

        GroupSteps.publish(codec, topics.schedulerEvents(),
                new GroupSchedulingFailed(id, "No valid backend was found. No backend has reported its capabilities."));

        GroupSteps.awaitStatus(project, id, "error");
        var message = rows.one("select resource_type, user_message, reason from user_message where resource_uuid = $1",
                id);
        assertThat(message.getString(0)).isEqualTo("GROUP");
        assertThat(message.getString(1)).isEqualTo("create group:Could not find any available weighted backend.");
        assertThat(message.getString(2)).contains("No valid backend was found");
    }

    @Test
    void badCreateRequestsAreRefusedAndWriteNothing() {
        String project = Api.newProject();
        String groupType = GroupSteps.groupType(project, "{}");
        String volumeType = GroupSteps.volumeType(project);
        String missingType = UUID.randomUUID().toString();
        String groups = "/v3/" + project + "/groups";

        GroupSteps.member(project, "3.13").body("{\"group\": {\"group_type\": \"" + missingType
                        + "\", \"volume_types\": [\"" + volumeType + "\"]}}")
                .post(groups).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group type " + missingType + " could not be found."));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + missingType + "\"]}}")
                .post(groups).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume type " + missingType + " could not be found."));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"group_type\": \"" + groupType
                        + "\", \"volume_types\": []}}")
                .post(groups).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute volume_types. Value: []."
                        + " [] is too short"));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"group_type\": \"" + groupType + "\"}}")
                .post(groups).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.endsWith("'volume_types' is a required property"));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + volumeType + "\"], \"size\": 1}}")
                .post(groups).then().statusCode(400);
        GroupSteps.member(project, "3.12").body("{\"group\": {\"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + volumeType + "\"]}}")
                .post(groups).then().statusCode(404);
        GroupSteps.member(project, "3.13").body("[]").post(groups).then().statusCode(400);
        assertThat(rows.count("select count(*) from volume_group where project_id = $1", project)).isZero();
    }

    @Test
    void volumesAreCreatedOnlyInAnAvailableGroupAndWithOneOfItsTypes() {
        String project = Api.newProject();
        String groupType = GroupSteps.groupType(project, "{}");
        String volumeType = GroupSteps.volumeType(project);
        String otherType = GroupSteps.volumeType(project);
        String creating = GroupSteps.group(project, groupType, volumeType);
        String volumes = "/v3/" + project + "/volumes";

        GroupSteps.member(project, "3.13").body(volumeBody(creating, volumeType)).post(volumes).then()
                .statusCode(400).body("badRequest.message", startsWith("Invalid Group: Group " + creating
                        + " status must be available"));
        String group = availableGroup(project, groupType, volumeType);
        GroupSteps.member(project, "3.13").body(volumeBody(group, otherType)).post(volumes).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Volume type " + otherType
                        + " is not one of the volume types of group " + group + "."));
        GroupSteps.member(project, "3.13").body(volumeBody(UUID.randomUUID().toString(), volumeType)).post(volumes)
                .then().statusCode(404);
        assertThat(rows.count("select count(*) from volume where project_id = $1", project)).isZero();

        // As admin, as the golden capture was taken (migration_status is an admin field).
        Response created = GroupSteps.admin(project, "3.13").body(volumeBody(group, volumeType)).post(volumes);
        assertThat(created.statusCode()).isEqualTo(202);
        Golden.assertSameShape(Golden.parse(created.asString()), "volume-create-in-group-3.13.json");
        assertThat(created.jsonPath().getString("volume.group_id")).isEqualTo(group);
        String id = created.jsonPath().getString("volume.id");
        ScheduleVolumeCreate command = codec.data(codec.decode(Kafka.await(topics.schedulerCommands(),
                r -> id.equals(r.key()), Volumes.EVENT_TIMEOUT).value()), ScheduleVolumeCreate.class);
        assertThat(command.groupId()).isEqualTo(group);

        String ignored = GroupSteps.member(project, "3.12").body(volumeBody(group, volumeType)).post(volumes)
                .then().statusCode(202).extract().path("volume.id");
        assertThat(rows.one("select group_id from volume where id = $1", UUID.fromString(ignored)).getValue(0))
                .isNull();
    }

    @Test
    void updateRenamesAndChangesMembershipWithCindersChecks() {
        String project = Api.newProject();
        String groupType = GroupSteps.groupType(project, "{}");
        String volumeType = GroupSteps.volumeType(project);
        String otherType = GroupSteps.volumeType(project);
        String group = availableGroup(project, groupType, volumeType);
        String path = "/v3/" + project + "/groups/" + group;
        String local = availableVolume(project, volumeType, "node1@fast#pool-b");
        String remote = availableVolume(project, volumeType, "node1@capacity#bulk");
        String wrongType = availableVolume(project, otherType, "node1@fast#pool-a");

        GroupSteps.member(project, "3.13").body("{\"group\": {\"name\": \"renamed\", \"add_volumes\": \"" + local
                + "\"}}").put(path).then().statusCode(202);
        GroupSteps.backendUpdated(codec, topics, project, group, local, true, List.of(local));
        GroupSteps.member(project, "3.25").get(path + "?list_volume=true").then()
                .body("group.name", equalTo("renamed")).body("group.volumes", equalTo(List.of(local)));
        GroupSteps.member(project, "3.13").get("/v3/" + project + "/volumes/" + local).then()
                .body("volume.group_id", equalTo(group));

        GroupSteps.member(project, "3.13").body("{\"group\": {\"add_volumes\": \"" + remote + "\"}}").put(path)
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Volume is not local to"
                        + " this node."));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"add_volumes\": \"" + wrongType + "\"}}").put(path)
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Cannot add volume "
                        + wrongType + " to group " + group + " because volume type " + otherType
                        + " is not supported by the group."));
        GroupSteps.member(project, "3.13").body("{\"group\": {\"remove_volumes\": \"" + remote + "\"}}").put(path)
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid volume: Cannot remove volume "
                        + remote + " from group " + group + " because it is not in the group."));
        GroupSteps.member(project, "3.13").body("{\"group\": {}}").put(path).then().statusCode(400)
                .body("badRequest.message", equalTo("Name, description, add_volumes, and remove_volumes can not be"
                        + " all empty in the request body."));
        assertThat(rows.count("select count(*) from volume where group_id = $1", UUID.fromString(group)))
                .isEqualTo(1);

        GroupSteps.member(project, "3.13").body("{\"group\": {\"remove_volumes\": \"" + local + "\"}}").put(path)
                .then().statusCode(202);
        GroupSteps.backendUpdated(codec, topics, project, group, local, false, List.of());
        assertThat(rows.count("select count(*) from volume where group_id = $1", UUID.fromString(group))).isZero();
    }

    @Test
    void deleteNeedsTheDeleteVolumesFlagAndRunsThroughTheBackend() {
        String project = Api.newProject();
        String volumeType = GroupSteps.volumeType(project);
        String group = availableGroup(project, GroupSteps.groupType(project, "{}"), volumeType);
        String volume = volumeInGroup(project, group, volumeType);
        String action = "/v3/" + project + "/groups/" + group + "/action";

        GroupSteps.member(project, "3.13").body("{\"delete\": {}}").post(action).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group " + group + " still contains volumes."
                        + " The delete-volumes flag is required to delete it."));
        assertThat(GroupSteps.status(project, group)).isEqualTo("available");
        Api.member(project).delete("/v3/" + project + "/volumes/" + volume).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("belong to a group"));

        GroupSteps.member(project, "3.13").body("{\"delete\": {\"delete-volumes\": true}}").post(action).then()
                .statusCode(202);

        assertThat(GroupSteps.status(project, group)).isEqualTo("deleting");
        assertThat(Volumes.show(project, volume).getString("volume.status")).isEqualTo("deleting");
        DeleteGroup command = codec.data(codec.decode(Kafka.await(topics.volumeCommands(),
                r -> group.equals(r.key()), Volumes.EVENT_TIMEOUT).value()), DeleteGroup.class);
        assertThat(command.host()).isEqualTo(GROUP_HOST);
        assertThat(command.volumes()).containsExactly(new GroupMember(volume, "node1@fast#pool-b"));
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeDeleted(volume));
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupDeleted(group));
        Volumes.awaitGone(project, volume);
        org.awaitility.Awaitility.await().atMost(Volumes.EVENT_TIMEOUT).until(() -> GroupSteps
                .member(project, "3.13").get("/v3/" + project + "/groups/" + group).statusCode() == 404);
    }

    @Test
    void aGroupThatNeverReachedABackendIsDeletedAtOnce() {
        String project = Api.newProject();
        String group = GroupSteps.group(project, GroupSteps.groupType(project, "{}"), GroupSteps.volumeType(project));
        String action = "/v3/" + project + "/groups/" + group + "/action";

        GroupSteps.member(project, "3.13").body("{\"delete\": {}}").post(action).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid Group: Group status must be available or error, but"
                        + " current status is: creating"));
        GroupSteps.publish(codec, topics.schedulerEvents(), new GroupSchedulingFailed(group, "no backend"));
        GroupSteps.awaitStatus(project, group, "error");

        GroupSteps.member(project, "3.13").body("{\"delete\": {\"delete-volumes\": \"maybe\"}}").post(action)
                .then().statusCode(400);
        GroupSteps.member(project, "3.13").body("{\"delete\": {}}").post(action).then().statusCode(202);
        GroupSteps.member(project, "3.13").get("/v3/" + project + "/groups/" + group).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group " + group + " could not be found."));
    }

    @Test
    void resetStatusIsForAdminsFromMicroversion320() {
        String project = Api.newProject();
        String group = GroupSteps.group(project, GroupSteps.groupType(project, "{}"), GroupSteps.volumeType(project));
        String action = "/v3/" + project + "/groups/" + group + "/action";
        String body = "{\"reset_status\": {\"status\": \"available\"}}";

        GroupSteps.member(project, "3.20").body(body).post(action).then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow group:reset_status to be performed."));
        GroupSteps.admin(project, "3.19").body(body).post(action).then().statusCode(404);
        GroupSteps.admin(project, "3.20").body("{\"reset_status\": {\"status\": \"bogus\"}}").post(action).then()
                .statusCode(400).body("badRequest.message", startsWith("Invalid group status: Group status: bogus"));
        GroupSteps.admin(project, "3.20").body("{\"nonsense\": {}}").post(action).then().statusCode(400)
                .body("badRequest.message", equalTo("There is no such action: nonsense"));
        assertThat(GroupSteps.status(project, group)).isEqualTo("creating");

        GroupSteps.admin(project, "3.20").body(body).post(action).then().statusCode(202);
        assertThat(GroupSteps.status(project, group)).isEqualTo("available");
    }

    @Test
    void replicationActionsNeed338AndAReplicationGroupType() {
        String project = Api.newProject();
        String volumeType = GroupSteps.volumeType(project);
        String plain = availableGroup(project, GroupSteps.groupType(project, "{}"), volumeType);
        String replicated = availableGroup(project,
                GroupSteps.groupType(project, "{\"group_replication_enabled\": \"<is> True\"}"), volumeType);

        GroupSteps.member(project, "3.37").body("{\"enable_replication\": {}}")
                .post("/v3/" + project + "/groups/" + plain + "/action").then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
        for (String action : List.of("enable_replication", "disable_replication", "failover_replication",
                "list_replication_targets")) {
            GroupSteps.member(project, "3.38").body("{\"" + action + "\": {}}")
                    .post("/v3/" + project + "/groups/" + plain + "/action").then().statusCode(400)
                    .body("badRequest.message", equalTo("Invalid group type: Group " + plain
                            + " is not a replication group type."));
        }
        GroupSteps.member(project, "3.38").body("{\"enable_replication\": {\"x\": 1}}")
                .post("/v3/" + project + "/groups/" + replicated + "/action").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("'x' was unexpected"));
    }

    @Test
    void anotherProjectsGroupDoesNotExistForAMember() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String group = GroupSteps.group(owner, GroupSteps.groupType(owner, "{}"), GroupSteps.volumeType(owner));

        GroupSteps.member(stranger, "3.13").get("/v3/" + stranger + "/groups/" + group).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group " + group + " could not be found."));
        GroupSteps.member(stranger, "3.13").body("{\"group\": {\"name\": \"mine\"}}")
                .put("/v3/" + stranger + "/groups/" + group).then().statusCode(404);
        GroupSteps.member(stranger, "3.13").body("{\"delete\": {}}")
                .post("/v3/" + stranger + "/groups/" + group + "/action").then().statusCode(404);
        GroupSteps.member(stranger, "3.13").get("/v3/" + stranger + "/groups").then().statusCode(200)
                .body("groups.id", not(hasItem(group)));
        GroupSteps.member(stranger, "3.13").get("/v3/" + stranger + "/groups?all_tenants=1").then().statusCode(200)
                .body("groups.id", not(hasItem(group)));
        GroupSteps.admin(stranger, "3.13").get("/v3/" + stranger + "/groups?all_tenants=1").then().statusCode(200)
                .body("groups.id", hasItem(group));
        GroupSteps.admin(owner, "3.58").get("/v3/" + owner + "/groups/" + group).then()
                .body("group.project_id", equalTo(owner));
        GroupSteps.member(owner, "3.58").get("/v3/" + owner + "/groups/" + group).then()
                .body("group", not(org.hamcrest.Matchers.hasKey("project_id")));
    }

    private String availableGroup(String project, String groupType, String volumeType) {
        String id = GroupSteps.group(project, groupType, volumeType);
        GroupSteps.publish(codec, topics.volumeEvents(), new GroupCreated(id, GROUP_HOST));
        GroupSteps.awaitStatus(project, id, "available");
        return id;
    }

    /** A volume created in the group and made available on another pool of the group's backend. */
    private String volumeInGroup(String project, String group, String volumeType) {
        String id = GroupSteps.member(project, "3.13").body(volumeBody(group, volumeType))
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeCreated(id, "node1@fast#pool-b", "p-" + id, 1));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    private String availableVolume(String project, String volumeType, String host) {
        String id = GroupSteps.member(project, "3.13")
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + volumeType + "\"}}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
        GroupSteps.publish(codec, topics.volumeEvents(), new VolumeCreated(id, host, "p-" + id, 1));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    private static String volumeBody(String group, String volumeType) {
        return "{\"volume\": {\"size\": 1, \"name\": \"golden-group-vol\", \"group_id\": \"" + group
                + "\", \"volume_type\": \"" + volumeType + "\"}}";
    }
}
