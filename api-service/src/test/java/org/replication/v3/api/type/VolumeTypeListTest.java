package org.replication.v3.api.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** Paging and sorting of the type list, which Cinder offers as for volumes (without next links). */
@QuarkusTest
class VolumeTypeListTest {

    /** Private types with a shared prefix, visible together only through is_public=false. */
    private static List<String> createPrivateTypes(String project, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Api.admin(project).contentType(ContentType.JSON)
                    .body("{\"volume_type\": {\"name\": \"" + prefix + i + "\","
                            + " \"os-volume-type-access:is_public\": false}}")
                    .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id"));
        }
        return ids;
    }

    @Test
    void limitMarkerAndSortPageThroughTypes() {
        String project = Api.newProject();
        String prefix = "page-" + UUID.randomUUID() + "-";
        createPrivateTypes(project, prefix, 3);
        String types = "/v3/" + project + "/types?is_public=false&sort=name:asc";
        List<String> all = Api.admin(project).get(types).then().statusCode(200).extract().jsonPath()
                .getList("volume_types.name");
        List<String> mine = all.stream().filter(name -> name.startsWith(prefix)).toList();
        assertThat(mine).containsExactly(prefix + "0", prefix + "1", prefix + "2");

        List<String> paged = new ArrayList<>();
        String marker = null;
        do {
            var page = Api.admin(project).get(types + "&limit=2" + (marker == null ? "" : "&marker=" + marker))
                    .then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("volume_types.id");
            paged.addAll(page.getList("volume_types.name"));
            marker = ids.size() == 2 ? ids.get(1) : null;
        } while (marker != null);
        assertThat(paged).containsExactlyElementsOf(all);

        List<String> descending = Api.admin(project)
                .get("/v3/" + project + "/types?is_public=false&sort_key=name&sort_dir=desc")
                .then().statusCode(200).extract().jsonPath().getList("volume_types.name", String.class)
                .stream().filter(name -> name.startsWith(prefix)).toList();
        assertThat(descending).containsExactly(prefix + "2", prefix + "1", prefix + "0");
    }

    @Test
    void badPagingIsRefused() {
        String project = Api.newProject();
        String types = "/v3/" + project + "/types";

        Api.admin(project).get(types + "?sort=colour").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input received: Invalid sort key"));
        Api.admin(project).get(types + "?sort=name:sideways").then().statusCode(400);
        Api.admin(project).get(types + "?limit=x").then().statusCode(400);
        Api.admin(project).get(types + "?marker=" + UUID.randomUUID()).then().statusCode(404);
        Api.admin(project).get(types + "?limit=0").then().statusCode(200).body("volume_types", equalTo(List.of()));
    }

    @Test
    void extraSpecsFilterFrom352() {
        String project = Api.newProject();
        String marker = UUID.randomUUID().toString();
        String gold = Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"gold-" + marker + "\", \"extra_specs\":"
                        + " {\"tier\": \"" + marker + "\", \"multiattach\": \"<is> True\"}}}")
                .post("/v3/" + project + "/types").then().statusCode(200).extract().path("volume_type.id");
        String types = "/v3/" + project + "/types";

        Api.at(Api.admin(project), "3.52").queryParam("extra_specs", "{'tier': '" + marker + "'}").get(types)
                .then().statusCode(200).body("volume_types.id", equalTo(List.of(gold)));
        Api.at(Api.member(project), "3.52").queryParam("extra_specs", "{\"multiattach\": \"<is> True\"}")
                .queryParam("sort", "name:asc").get(types).then().statusCode(200)
                .body("volume_types.id", hasItem(gold));
        List<String> memberFiltered = Api.at(Api.member(project), "3.52")
                .queryParam("extra_specs", "{'tier': 'no-such-" + marker + "'}").get(types)
                .then().statusCode(200).extract().jsonPath().getList("volume_types.id");
        assertThat(memberFiltered).as("a member cannot filter by a sensitive spec").contains(gold);
        List<String> before = Api.at(Api.admin(project), "3.51")
                .queryParam("extra_specs", "{'tier': 'no-such-" + marker + "'}").get(types)
                .then().statusCode(200).extract().jsonPath().getList("volume_types.id");
        assertThat(before).as("ignored before 3.52").contains(gold);
        Api.at(Api.admin(project), "3.52").queryParam("extra_specs", "tier").get(types).then().statusCode(400);
    }
}
