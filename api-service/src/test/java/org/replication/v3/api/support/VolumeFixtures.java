package org.replication.v3.api.support;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeCreated;

/** Volumes in the states the action tests start from, reached the way users and backends reach them. */
public final class VolumeFixtures {

    public static final String HOST = "node1@fast#pool-a";

    private VolumeFixtures() {
    }

    /** A 1 GB volume its backend reported created. */
    public static String available(EventCodec codec, TopicNames topics, String project) {
        String id = Volumes.create(project);
        VolumeCreated created = new VolumeCreated(id, HOST, null, 1);
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        Volumes.awaitStatus(project, id, "available");
        return id;
    }

    /** An available volume attached to {@code server} at /dev/vdb through os-attach. */
    public static String attached(EventCodec codec, TopicNames topics, String project, String server) {
        String id = available(codec, topics, project);
        action(project, id, "{\"os-attach\": {\"instance_uuid\": \"" + server + "\", \"mountpoint\": \"/dev/vdb\"}}")
                .then().statusCode(202);
        return id;
    }

    /** POST volumes/{id}/action as a member of the project. */
    public static Response action(String project, String id, String body) {
        return Api.member(project).contentType(ContentType.JSON).body(body)
                .post("/v3/" + project + "/volumes/" + id + "/action");
    }
}
