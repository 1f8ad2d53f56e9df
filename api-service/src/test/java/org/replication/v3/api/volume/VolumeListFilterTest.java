package org.replication.v3.api.volume;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;

/** The filters of a volume list as Cinder's resource_filters.json allows them, and all_tenants for non-admins. */
@QuarkusTest
class VolumeListFilterTest {

    private static String create(String project, String body) {
        return Api.admin(project).contentType(ContentType.JSON).body("{\"volume\": " + body + "}")
                .post("/v3/" + project + "/volumes").then().statusCode(202).extract().path("volume.id");
    }

    @Test
    void metadataFilterInPythonOrJsonNotationMatchesEveryPair() {
        String project = Api.newProject();
        String both = create(project, "{\"size\": 1, \"metadata\": {\"tier\": \"gold\", \"app\": \"db\"}}");
        String gold = create(project, "{\"size\": 1, \"metadata\": {\"tier\": \"gold\"}}");
        create(project, "{\"size\": 1, \"metadata\": {\"tier\": \"silver\"}}");
        String volumes = "/v3/" + project + "/volumes";

        Api.member(project).queryParam("metadata", "{'tier': 'gold'}").get(volumes).then().statusCode(200)
                .body("volumes.id", equalTo(List.of(gold, both)));
        Api.member(project).queryParam("metadata", "{\"tier\": \"gold\", \"app\": \"db\"}").get(volumes + "/detail")
                .then().statusCode(200).body("volumes.id", equalTo(List.of(both)));
        Api.member(project).queryParam("metadata", "{'tier': 'bronze'}").get(volumes).then().statusCode(200)
                .body("volumes", equalTo(List.of()));
        Api.member(project).queryParam("metadata", "tier=gold").get(volumes).then().statusCode(400);
    }

    @Test
    void nameLikeFilterFrom334MatchesPartOfTheName() {
        String project = Api.newProject();
        String alpha = create(project, "{\"size\": 1, \"name\": \"db-alpha\"}");
        String beta = create(project, "{\"size\": 1, \"name\": \"db-beta\"}");
        create(project, "{\"size\": 1, \"name\": \"web\"}");
        create(project, "{\"size\": 1, \"name\": \"d%\"}");
        String volumes = "/v3/" + project + "/volumes";

        Api.at(Api.member(project), "3.34").get(volumes + "?name~=db-&sort=name:asc").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(alpha, beta)));
        Api.at(Api.member(project), "3.34").queryParam("name~", "%").get(volumes).then().statusCode(200)
                .body("volumes.name", equalTo(List.of("d%")));
        Api.at(Api.member(project), "3.33").get(volumes + "?name~=db-").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid filters name~ are found in query options."));
    }

    @Test
    void sizeZoneAndBootableFilters() {
        String project = Api.newProject();
        String two = create(project, "{\"size\": 2, \"availability_zone\": \"az-2\"}");
        String one = create(project, "{\"size\": 1}");
        String volumes = "/v3/" + project + "/volumes";

        Api.member(project).get(volumes + "?size=2").then().statusCode(200).body("volumes.id", equalTo(List.of(two)));
        Api.member(project).get(volumes + "?availability_zone=az-2").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(two)));
        Api.member(project).get(volumes + "?bootable=false").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(one, two)));
        Api.member(project).get(volumes + "?bootable=true").then().statusCode(200)
                .body("volumes", equalTo(List.of()));
        Api.member(project).get(volumes + "?size=big").then().statusCode(400);
    }

    @Test
    void unknownFiltersOfMembersAreRefusedFrom333AndDroppedBefore() {
        String project = Api.newProject();
        String id = create(project, "{\"size\": 1}");
        String volumes = "/v3/" + project + "/volumes";

        Api.at(Api.member(project), "3.33").get(volumes + "?colour=red").then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid filters colour are found in query options."));
        Api.at(Api.member(project), "3.33").get(volumes + "?project_id=" + Api.newProject()).then().statusCode(400);
        Api.at(Api.member(project), "3.32").get(volumes + "?colour=red").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(id)));
        Api.at(Api.admin(project), "3.33").get(volumes + "?colour=red").then().statusCode(200);
    }

    @Test
    void allTenantsOfAMemberIsIgnored() {
        String mine = Api.newProject();
        String theirs = Api.newProject();
        String my = create(mine, "{\"size\": 1}");
        create(theirs, "{\"size\": 1}");

        Api.at(Api.member(mine), "3.60").get("/v3/" + mine + "/volumes?all_tenants=1").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(my)));
        Api.member(mine).get("/v3/" + mine + "/volumes/detail?all_tenants=true").then().statusCode(200)
                .body("volumes.id", equalTo(List.of(my)));
    }
}
