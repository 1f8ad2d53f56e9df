package org.replication.v3.api.support;

import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.UUID;
import org.replication.v3.common.messaging.DomainEvent;
import org.replication.v3.common.messaging.EventCodec;

/** Steps most volume tests share: create a volume, play another service's event, wait for a status. */
public final class Volumes {

    public static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    private Volumes() {
    }

    /** Creates a 1 GB volume of the default type and returns its id. */
    public static String create(String project) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"name\": \"vol-" + UUID.randomUUID() + "\"}}")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
    }

    /** The encoded CloudEvent, so that a test can deliver the very same record twice. */
    public static String encode(EventCodec codec, DomainEvent event) {
        return codec.encode(codec.wrap(event));
    }

    public static void publish(String topic, DomainEvent event, String record) {
        Kafka.send(topic, event.subject(), record);
    }

    public static JsonPath show(String project, String id) {
        return Api.admin(project).get("/v3/" + project + "/volumes/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static void awaitStatus(String project, String id, String status) {
        await().atMost(EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(show(project, id).getString("volume.status")));
    }

    public static void awaitGone(String project, String id) {
        await().atMost(EVENT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> Api.admin(project).get("/v3/" + project + "/volumes/" + id).statusCode() == 404);
    }
}
