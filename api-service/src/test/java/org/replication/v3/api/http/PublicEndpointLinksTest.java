package org.replication.v3.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** With a public endpoint configured, every link names it, whatever Host the request claims. */
@QuarkusTest
@TestProfile(PublicEndpointProfile.class)
class PublicEndpointLinksTest {

    private static final String ENDPOINT = PublicEndpointProfile.ENDPOINT;
    private static final String FORGED = "evil.example";

    @Test
    void versionDocumentsLinkToThePublicEndpoint() {
        String project = Api.newProject();
        String root = Api.admin(project).header("Host", FORGED).get("/").then().statusCode(300).extract().asString();
        String v3 = Api.admin(project).header("Host", FORGED).get("/v3/").then().statusCode(200)
                .body("versions[0].links[1].href", equalTo(ENDPOINT + "/v3/")).extract().asString();
        assertThat(root).contains(ENDPOINT + "/v3/").doesNotContain(FORGED);
        assertThat(v3).doesNotContain(FORGED);
    }

    @Test
    void resourceAndPagingLinksUseThePublicEndpointNotTheForgedHost() {
        String project = Api.newProject();
        String first = create(project);
        create(project); // a second volume, so that a page of one has a next link

        String shown = Api.admin(project).header("Host", FORGED).get("/v3/" + project + "/volumes/" + first)
                .then().statusCode(200)
                .body("volume.links[0].href", equalTo(ENDPOINT + "/v3/" + project + "/volumes/" + first))
                .body("volume.links[1].href", equalTo(ENDPOINT + "/" + project + "/volumes/" + first))
                .extract().asString();
        assertThat(shown).doesNotContain(FORGED);

        JsonPath page = Api.admin(project).header("Host", FORGED).queryParam("limit", 1)
                .get("/v3/" + project + "/volumes").then().statusCode(200).extract().jsonPath();
        assertThat(page.getString("volumes_links[0].href")).startsWith(ENDPOINT + "/v3/" + project + "/volumes?");
        assertThat(page.prettify()).doesNotContain(FORGED);

        String type = Api.admin(project).header("Host", FORGED).get("/v3/" + project + "/types/default")
                .then().statusCode(200).extract().asString();
        assertThat(type).doesNotContain(FORGED);
    }

    private static String create(String project) {
        String body = Api.admin(project).header("Host", FORGED).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1}}").post("/v3/" + project + "/volumes")
                .then().statusCode(202).extract().asString();
        assertThat(body).contains(ENDPOINT + "/v3/" + project + "/volumes/").doesNotContain(FORGED);
        return JsonPath.from(body).getString("volume.id");
    }
}
