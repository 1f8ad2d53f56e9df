package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Golden;

@QuarkusTest
class VolumeListTest {

    private static String create(String project, String name) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"name\": \"" + name + "\"}}")
                .post("/v3/" + project + "/volumes")
                .then().statusCode(202).extract().path("volume.id");
    }

    @Test
    void listShowsIdNameAndLinksNewestFirst() {
        String project = Api.newProject();
        String first = create(project, "first");
        String second = create(project, "second");

        Response response = Api.admin(project).get("/v3/" + project + "/volumes");

        assertThat(response.statusCode()).isEqualTo(200);
        Golden.assertSameShape(Golden.parse(response.asString()), "volume-list.json");
        assertThat(response.jsonPath().getList("volumes.id")).containsExactly(second, first);
    }

    @Test
    void detailListShowsFullVolumes() {
        String project = Api.newProject();
        String id = create(project, "detailed");

        JsonPath detail = Api.admin(project).get("/v3/" + project + "/volumes/detail").then().statusCode(200)
                .extract().jsonPath();

        assertThat(detail.getList("volumes.id")).containsExactly(id);
        assertThat(detail.getString("volumes[0].status")).isEqualTo("creating");
        assertThat(detail.getString("volumes[0]['os-vol-tenant-attr:tenant_id']")).isEqualTo(project);
    }

    @Test
    void limitAndMarkerPageThroughWithNextLinks() {
        String project = Api.newProject();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, create(project, "page-" + i));
        }

        List<String> seen = new ArrayList<>();
        String url = "/v3/" + project + "/volumes?limit=2";
        while (url != null) {
            JsonPath page = Api.admin(project).get(url).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("volumes.id"));
            String next = page.getString("volumes_links[0].href");
            url = next == null ? null : next.substring(next.indexOf("/v3/"));
            if (next != null) {
                assertThat(page.getString("volumes_links[0].rel")).isEqualTo("next");
                assertThat(next).contains("limit=2").contains("marker=");
            }
        }

        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void sortByNameAscending() {
        String project = Api.newProject();
        String b = create(project, "b");
        String a = create(project, "a");
        String c = create(project, "c");

        Api.admin(project).get("/v3/" + project + "/volumes?sort=name:asc").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(a, b, c)));
        Api.admin(project).get("/v3/" + project + "/volumes?sort_key=name&sort_dir=desc").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(c, b, a)));
    }

    @Test
    void sortedPagesDoNotSkipOrRepeat() {
        String project = Api.newProject();
        List<String> expected = new ArrayList<>();
        for (String name : List.of("d", "a", "c", "b")) {
            create(project, name);
        }
        expected.addAll(Api.admin(project).get("/v3/" + project + "/volumes?sort=name:asc").jsonPath()
                .getList("volumes.id"));

        JsonPath first = Api.admin(project).get("/v3/" + project + "/volumes?sort=name:asc&limit=3").jsonPath();
        String marker = first.getString("volumes[2].id");
        JsonPath second = Api.admin(project)
                .get("/v3/" + project + "/volumes?sort=name:asc&limit=3&marker=" + marker).jsonPath();

        List<String> paged = new ArrayList<>(first.getList("volumes.id"));
        paged.addAll(second.getList("volumes.id"));
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    /**
     * A page after a marker is bounded by the marker's sort values: as one row comparison when every key goes the
     * same way, key by key when the directions are mixed. Either way, with ties on the first key, every volume comes
     * once, in the order of the whole list.
     */
    @Test
    void pagesWalkEveryVolumeOnceWhateverTheDirections() {
        String project = Api.newProject();
        for (String name : List.of("b", "a", "b", "c", "a")) {
            create(project, name);
        }
        for (String sort : List.of("name:asc", "name:desc", "name:asc,created_at:desc", "created_at:asc",
                "status:desc,name:asc")) {
            List<String> whole = Api.admin(project).queryParam("sort", sort).get("/v3/" + project + "/volumes")
                    .then().statusCode(200).extract().jsonPath().getList("volumes.id");
            List<String> paged = new ArrayList<>();
            String marker = null;
            do {
                RequestSpecification request = Api.admin(project).queryParam("limit", 2).queryParam("sort", sort);
                if (marker != null) {
                    request.queryParam("marker", marker);
                }
                JsonPath page = request.get("/v3/" + project + "/volumes/detail").then().statusCode(200).extract()
                        .jsonPath();
                List<String> ids = page.getList("volumes.id");
                paged.addAll(ids);
                marker = page.getString("volumes_links[0].href") == null ? null : ids.get(ids.size() - 1);
            } while (marker != null);
            assertThat(paged).as(sort).hasSize(5).containsExactlyElementsOf(whole);
        }
    }

    @Test
    void filtersByNameAndStatus() {
        String project = Api.newProject();
        String wanted = create(project, "wanted");
        create(project, "other");

        Api.admin(project).get("/v3/" + project + "/volumes?name=wanted").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(wanted)));
        Api.admin(project).get("/v3/" + project + "/volumes?status=available").then().statusCode(200)
                .body("volumes", equalTo(List.of()));
        Api.admin(project).get("/v3/" + project + "/volumes?status=creating").then().statusCode(200)
                .body("volumes.size()", equalTo(2));
        Api.admin(project).get("/v3/" + project + "/volumes?status=nonsense").then().statusCode(200)
                .body("volumes", equalTo(List.of()));
    }

    @Test
    void withCountFrom345GivesTheTotalAndAPage() {
        String project = Api.newProject();
        create(project, "one");
        create(project, "two");

        Response response = Api.at(Api.admin(project), "3.45")
                .get("/v3/" + project + "/volumes/detail?limit=1&with_count=true");

        assertThat(response.statusCode()).isEqualTo(200);
        Golden.assertSameShape(Golden.parse(response.asString()), "volume-detail-with-count-3.45.json");
        assertThat(response.jsonPath().getInt("count")).isEqualTo(2);
        assertThat(response.jsonPath().getString("volumes_links[0].href"))
                .contains("/v3/" + project + "/volumes/detail?limit=1&with_count=true&marker=");
    }

    @Test
    void withCountBefore345IsIgnored() {
        String project = Api.newProject();
        create(project, "one");

        Api.at(Api.admin(project), "3.44").get("/v3/" + project + "/volumes?with_count=true")
                .then().statusCode(200).body("containsKey('count')", equalTo(false));
    }

    @Test
    void badListParametersAreRefused() {
        String project = Api.newProject();
        Api.admin(project).get("/v3/" + project + "/volumes?limit=abc")
                .then().statusCode(400).body("badRequest.message", equalTo("limit param must be an integer"));
        Api.admin(project).get("/v3/" + project + "/volumes?limit=-1")
                .then().statusCode(400).body("badRequest.message", equalTo("limit param must be positive"));
        Api.admin(project).get("/v3/" + project + "/volumes?sort=colour:asc")
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input received: Invalid sort key"));
        Api.admin(project).get("/v3/" + project + "/volumes?sort=name:up").then().statusCode(400);
        Api.admin(project).get("/v3/" + project + "/volumes?marker=" + java.util.UUID.randomUUID())
                .then().statusCode(404).body("itemNotFound.code", equalTo(404));
    }

    @Test
    void adminSeesEveryProjectWithAllTenants() {
        String mine = Api.newProject();
        String theirs = Api.newProject();
        String their = create(theirs, "theirs");

        List<String> all = Api.admin(mine).get("/v3/" + mine + "/volumes?all_tenants=1&limit=1000").jsonPath()
                .getList("volumes.id");
        assertThat(all).contains(their);
        Api.admin(mine).get("/v3/" + mine + "/volumes?all_tenants=1&project_id=" + theirs)
                .then().statusCode(200).body("volumes.id", equalTo(List.of(their)));
        Api.admin(mine).get("/v3/" + mine + "/volumes").then().statusCode(200).body("volumes", equalTo(List.of()));
    }

    @Test
    void memberAskingForAllTenantsSeesOnlyTheirProject() {
        String mine = Api.newProject();
        String theirs = Api.newProject();
        create(theirs, "theirs");
        String own = create(mine, "mine");

        Api.member(mine).get("/v3/" + mine + "/volumes?all_tenants=1").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(own)));
    }

    @Test
    void projectLessUrlsServeTheCallersProject() {
        String project = Api.newProject();
        String id = create(project, "project-less");

        JsonPath show = Api.at(Api.admin(project), "3.70").get("/v3/volumes/" + id).then().statusCode(200)
                .extract().jsonPath();

        assertThat(show.getString("volume.id")).isEqualTo(id);
        assertThat(show.getString("volume.links[0].href")).endsWith("/v3/volumes/" + id);
        assertThat(show.getString("volume.links[1].href")).endsWith(":" + io.restassured.RestAssured.port
                + "/volumes/" + id);
        Api.at(Api.admin(project), "3.70").get("/v3/volumes").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(id)));
    }
}
