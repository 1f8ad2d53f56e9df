package org.replication.v3.api.http;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** Without a configured public endpoint, links name the host the request was sent to, as Cinder's do. */
@QuarkusTest
class RequestHostLinksTest {

    @Test
    void linksFollowTheRequestHostWhenNoEndpointIsConfigured() {
        String project = Api.newProject();
        Api.admin(project).header("Host", "volumes.internal:8776").get("/v3/")
                .then().statusCode(200)
                .body("versions[0].links[1].href", equalTo("http://volumes.internal:8776/v3/"));
        String id = Api.admin(project).header("Host", "volumes.internal:8776").contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1}}").post("/v3/" + project + "/volumes")
                .then().statusCode(202)
                .extract().path("volume.id");
        Api.admin(project).header("Host", "volumes.internal:8776").get("/v3/" + project + "/volumes/" + id)
                .then().statusCode(200)
                .body("volume.links[0].href", equalTo("http://volumes.internal:8776/v3/" + project + "/volumes/" + id));
    }
}
