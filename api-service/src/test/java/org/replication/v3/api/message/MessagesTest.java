package org.replication.v3.api.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeSchedulingFailed;

/** User messages (3.3+): what a user reads about their volumes that no backend could take. */
@QuarkusTest
class MessagesTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private static RequestSpecification member(String project, String microversion) {
        return Api.at(Api.member(project), microversion);
    }

    /** A volume of {@code project} that the scheduler could not place; returns its id once the message exists. */
    private String unplacedVolume(String project) {
        String id = Volumes.create(project);
        VolumeSchedulingFailed failed = new VolumeSchedulingFailed(id, "No valid backend was found.");
        Volumes.publish(topics.schedulerEvents(), failed, Volumes.encode(codec, failed));
        await().atMost(Volumes.EVENT_TIMEOUT)
                .until(() -> rows.count("select count(*) from user_message where resource_uuid = $1", id) == 1);
        return id;
    }

    private String messageOf(String volumeId) {
        return rows.one("select id::text as id from user_message where resource_uuid = $1", volumeId).getString("id");
    }

    @Test
    void noValidBackendIsToldToTheVolumesOwnerInCindersShape() {
        String project = Api.newProject();
        String volume = unplacedVolume(project);
        String id = messageOf(volume);

        JsonPath shown = member(project, "3.3").get("/v3/" + project + "/messages/" + id).then().statusCode(200)
                .body("message.id", equalTo(id))
                .body("message.event_id", equalTo("VOLUME_VOLUME_001_003"))
                .body("message.user_message",
                        equalTo("schedule allocate volume:Could not find any available weighted backend."))
                .body("message.message_level", equalTo("ERROR"))
                .body("message.resource_type", equalTo("VOLUME"))
                .body("message.resource_uuid", equalTo(volume))
                .body("message.request_id", nullValue())
                .body("message.links[0].rel", equalTo("self"))
                .extract().jsonPath();
        assertThat(Golden.fieldNames(Golden.parse(Api.at(Api.member(project), "3.3")
                .get("/v3/" + project + "/messages/" + id).asString()).get("message")))
                .containsExactly("id", "event_id", "user_message", "message_level", "created_at", "guaranteed_until",
                        "request_id", "links", "resource_type", "resource_uuid");
        assertThat(shown.getString("message.guaranteed_until")).isGreaterThan(shown.getString("message.created_at"));

        member(project, "3.3").get("/v3/" + project + "/messages").then().statusCode(200)
                .body("messages", hasSize(1))
                .body("messages[0].id", equalTo(id))
                .body("$", not(hasKey("messages_links")));
    }

    @Test
    void messagesDoNotExistBelowMicroversion33() {
        String project = Api.newProject();
        String id = messageOf(unplacedVolume(project));

        member(project, "3.2").get("/v3/" + project + "/messages").then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
        Api.member(project).get("/v3/" + project + "/messages/" + id).then().statusCode(404);
        Api.member(project).delete("/v3/" + project + "/messages/" + id).then().statusCode(404);
        assertThat(rows.count("select count(*) from user_message where id = $1::uuid", id)).isEqualTo(1);
    }

    @Test
    void anotherProjectsMessageDoesNotExistButAnAdminSeesIt() {
        String owner = Api.newProject();
        String stranger = Api.newProject();
        String id = messageOf(unplacedVolume(owner));

        member(stranger, "3.3").get("/v3/" + stranger + "/messages/" + id).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Message " + id + " could not be found."));
        member(stranger, "3.3").delete("/v3/" + stranger + "/messages/" + id).then().statusCode(404);
        member(stranger, "3.3").get("/v3/" + stranger + "/messages").then().statusCode(200)
                .body("messages", hasSize(0));
        Api.at(Api.admin(stranger), "3.3").get("/v3/" + stranger + "/messages/" + id).then().statusCode(200);
        assertThat(rows.count("select count(*) from user_message where id = $1::uuid", id)).isEqualTo(1);
    }

    @Test
    void deletedMessageIsGone() {
        String project = Api.newProject();
        String id = messageOf(unplacedVolume(project));

        member(project, "3.3").delete("/v3/" + project + "/messages/" + id).then().statusCode(204);

        member(project, "3.3").get("/v3/" + project + "/messages/" + id).then().statusCode(404);
        member(project, "3.3").delete("/v3/" + project + "/messages/" + id).then().statusCode(404);
        member(project, "3.3").get("/v3/" + project + "/messages/not-a-uuid").then().statusCode(404);
    }

    @Test
    void listPagesSortsAndFiltersFrom35() {
        String project = Api.newProject();
        List<String> volumes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            volumes.add(unplacedVolume(project));
        }

        JsonPath first = member(project, "3.5").queryParam("limit", 2).queryParam("sort", "created_at:asc")
                .get("/v3/" + project + "/messages").then().statusCode(200)
                .body("messages", hasSize(2))
                .body("messages[0].resource_uuid", equalTo(volumes.get(0)))
                .body("messages_links[0].rel", equalTo("next"))
                .extract().jsonPath();
        String next = first.getString("messages_links[0].href");
        assertThat(next).contains("limit=2").contains("marker=" + first.getString("messages[1].id"));
        member(project, "3.5").queryParam("limit", 2).queryParam("sort", "created_at:asc")
                .queryParam("marker", first.getString("messages[1].id"))
                .get("/v3/" + project + "/messages").then().statusCode(200)
                .body("messages", hasSize(1))
                .body("messages[0].resource_uuid", equalTo(volumes.get(2)));

        member(project, "3.5").queryParam("resource_uuid", volumes.get(1)).get("/v3/" + project + "/messages")
                .then().statusCode(200).body("messages", hasSize(1))
                .body("messages[0].resource_uuid", equalTo(volumes.get(1)));
        // Before 3.5 there is no paging: every message, newest first.
        member(project, "3.4").queryParam("limit", 1).get("/v3/" + project + "/messages").then().statusCode(200)
                .body("messages", hasSize(3)).body("messages[0].resource_uuid", equalTo(volumes.get(2)));
    }

    @Test
    void badListQueriesAreRefused() {
        String project = Api.newProject();

        member(project, "3.5").queryParam("limit", "x").get("/v3/" + project + "/messages").then().statusCode(400)
                .body("badRequest.message", equalTo("limit param must be an integer"));
        member(project, "3.5").queryParam("sort", "color").get("/v3/" + project + "/messages").then()
                .statusCode(400).body("badRequest.message", equalTo("Invalid input received: Invalid sort key"));
        member(project, "3.5").queryParam("marker", "3f2d1c0b-0000-4000-8000-000000000000")
                .get("/v3/" + project + "/messages").then().statusCode(404);
        member(project, "3.33").queryParam("color", "red").get("/v3/" + project + "/messages").then()
                .statusCode(400)
                .body("badRequest.message", equalTo("Invalid filters color are found in query options."));
        member(project, "3.32").queryParam("color", "red").get("/v3/" + project + "/messages").then()
                .statusCode(200).body("messages", hasSize(0));
    }
}
