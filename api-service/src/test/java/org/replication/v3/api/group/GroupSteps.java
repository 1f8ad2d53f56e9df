package org.replication.v3.api.group;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/** Steps the group tests share: types, groups, and playing the other services' events. */
final class GroupSteps {

    static final String GROUPS = "3.13";
    static final String GROUP_TYPES = "3.11";

    private GroupSteps() {
    }

    static RequestSpecification admin(String project, String version) {
        return Api.at(Api.admin(project), version).contentType(ContentType.JSON);
    }

    static RequestSpecification member(String project, String version) {
        return Api.at(Api.member(project), version).contentType(ContentType.JSON);
    }

    static String groupType(String project, String specsJson) {
        return admin(project, GROUP_TYPES)
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"group_specs\": " + specsJson
                        + "}}")
                .post("/v3/" + project + "/group_types").then().statusCode(202).extract().path("group_type.id");
    }

    static String volumeType(String project) {
        return volumeType(project, "{}");
    }

    static String volumeType(String project, String extraSpecsJson) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"vt-" + UUID.randomUUID() + "\", \"extra_specs\": "
                        + extraSpecsJson + "}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
    }

    /** A new group of the member's project, still creating. */
    static String group(String project, String groupType, String volumeType) {
        return member(project, GROUPS)
                .body("{\"group\": {\"name\": \"g-" + UUID.randomUUID() + "\", \"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + volumeType + "\"]}}")
                .post("/v3/" + project + "/groups").then().statusCode(202).extract().path("group.id");
    }

    static void publish(EventCodec codec, String topic, DomainEvent event) {
        Volumes.publish(topic, event, Volumes.encode(codec, event));
    }

    /**
     * Answers the group's membership change that adds (or removes) {@code volume} as the group's backend does when
     * all of it is done for a group that does not replicate, and waits for the group to be available again.
     *
     * @param members the group's volumes after the change
     */
    static void backendUpdated(EventCodec codec, TopicNames topics, String project, String groupId, String volume,
            boolean adding, List<String> members) {
        var record = Kafka.await(topics.volumeCommands(), r -> {
            if (!groupId.equals(r.key()) || !UpdateGroupOnBackend.TYPE.equals(codec.decode(r.value()).type())) {
                return false;
            }
            UpdateGroupOnBackend update = codec.data(codec.decode(r.value()), UpdateGroupOnBackend.class);
            return adding ? update.add().stream().anyMatch(joining -> joining.volumeId().equals(volume))
                    : update.remove().stream().anyMatch(leaving -> leaving.volumeId().equals(volume));
        }, Volumes.EVENT_TIMEOUT);
        UpdateGroupOnBackend command = codec.data(codec.decode(record.value()), UpdateGroupOnBackend.class);
        List<GroupMembershipChanged.Member> results = new ArrayList<>();
        command.add().forEach(joining -> results.add(new GroupMembershipChanged.Member(joining.volumeId(),
                joining.host(), groupId, null, null, null)));
        command.remove().forEach(leaving -> results.add(new GroupMembershipChanged.Member(leaving.volumeId(),
                leaving.host(), null, null, null, null)));
        publish(codec, topics.volumeEvents(), new GroupMembershipChanged(groupId, command.host(), members, null,
                results));
        awaitStatus(project, groupId, "available");
    }

    static String status(String project, String groupId) {
        return admin(project, GROUPS).get("/v3/" + project + "/groups/" + groupId).then().extract()
                .path("group.status");
    }

    static void awaitStatus(String project, String groupId, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(status(project, groupId)));
    }
}
