package org.replication.v3.api.group;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;

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
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"vt-" + UUID.randomUUID() + "\"}}")
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

    static String status(String project, String groupId) {
        return admin(project, GROUPS).get("/v3/" + project + "/groups/" + groupId).then().extract()
                .path("group.status");
    }

    static void awaitStatus(String project, String groupId, String status) {
        await().atMost(Volumes.EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(status(project, groupId)));
    }
}
