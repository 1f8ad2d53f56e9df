package org.replication.v3.api.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;

/** Replication settings of volume and group types are refused at the API when they cannot work, writing nothing. */
@QuarkusTest
class ReplicationTypeValidationTest {

    private static final String INVALID = "Invalid replication settings: ";
    private static final ReplicationTarget ASYNC_ONLY = new ReplicationTarget("site-async",
            Set.of(ReplicationMode.ASYNC), false, Set.of(), false, 60, "az-2", Set.of());
    private static final ReplicationTarget OTHER_CLOUD = new ReplicationTarget("remote-openstack-1",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), true, Set.of(SyncTopology.ACTIVE_PASSIVE), false,
            60, null, Set.of());

    @Inject
    EventCodec codec;
    @Inject
    TopicNames topics;
    @Inject
    Rows rows;

    @Test
    void goldSyncAndSilverAsync300sTypesAreAccepted() {
        String project = Api.newProject();
        String backend = backendWith(List.of(Services.TARGET));

        Response gold = createType(project, "gold-sync-" + UUID.randomUUID(), "{\"volume_backend_name\": \""
                + backend + "\", \"replication_enabled\": \"<is> True\", \"replication_mode\": \"sync\","
                + " \"replication_mediator\": \"<is> True\"}");
        gold.then().statusCode(200).body("volume_type.extra_specs.replication_mode", equalTo("sync"));
        Response silver = createType(project, "silver-async-300s-" + UUID.randomUUID(), "{\"volume_backend_name\": \""
                + backend + "\", \"replication_enabled\": \"<is> True\", \"replication_mode\": \"async\","
                + " \"replication_rpo_seconds\": \"300\"}");
        silver.then().statusCode(200).body("volume_type.extra_specs.replication_rpo_seconds", equalTo("300"));
    }

    @Test
    void settingsThatCannotBeReadOrContradictEachOtherAreRefusedAndNothingIsWritten() {
        String project = Api.newProject();
        Map<String, String> refused = Map.of(
                "{\"replication_mode\": \"fast\"}",
                "invalid replication_mode 'fast': 'fast' is not one of sync, async",
                "{\"replication_rpo_seconds\": \"-5\"}",
                "invalid replication_rpo_seconds '-5': must be a positive number of seconds",
                "{\"replication_mode\": \"sync\", \"replication_rpo_seconds\": \"300\"}",
                "replication_rpo_seconds=300 applies to async replication only, and replication_mode is sync",
                "{\"replication_mode\": \"async\", \"replication_mediator\": \"<is> True\"}",
                "replication_mediator applies to sync replication only, and replication_mode is async",
                "{\"replication_mode\": \"async\", \"replication_sync_topology\": \"active_active\"}",
                "replication_sync_topology=active_active applies to sync replication only",
                "{\"replication_enabled\": \"<is> False\", \"replication_mode\": \"sync\"}",
                "replication settings are given but replication is disabled",
                "{\"replication_scope\": \"project\"}",
                "invalid replication_scope 'project'",
                "{\"replication_target\": \"default\"}",
                "invalid replication_target 'default'");
        refused.forEach((specs, problem) -> {
            String name = "bad-" + UUID.randomUUID();
            createType(project, name, specs).then().statusCode(400)
                    .body("badRequest.message", org.hamcrest.Matchers.startsWith(INVALID))
                    .body("badRequest.message", org.hamcrest.Matchers.containsString(problem));
            assertThat(rows.count("select count(*) from volume_type where name = $1", name)).isZero();
        });
    }

    @Test
    void whatTheNamedBackendsTargetCannotDoIsRefused() {
        String project = Api.newProject();
        String asyncOnly = backendWith(List.of(ASYNC_ONLY));
        String otherCloud = backendWith(List.of(OTHER_CLOUD));
        String noTarget = backendWith(List.of());

        assertRefused(project, "{\"volume_backend_name\": \"" + asyncOnly + "\", \"replication_enabled\":"
                + " \"<is> True\", \"replication_mode\": \"sync\"}",
                "replication_mode=sync (from volume_type) is not supported by target site-async, which supports async");
        assertRefused(project, "{\"volume_backend_name\": \"" + asyncOnly + "\", \"replication_enabled\":"
                + " \"<is> True\", \"replication_mode\": \"async\", \"replication_rpo_seconds\": \"10\"}",
                "replication_rpo_seconds=10 (from volume_type) is below the minimum RPO of target site-async, 60 s");
        assertRefused(project, "{\"volume_backend_name\": \"" + otherCloud + "\", \"replication_enabled\":"
                + " \"<is> True\", \"replication_mode\": \"sync\"}",
                "replication_mode=sync cannot reach target remote-openstack-1 in another OpenStack cloud");
        assertRefused(project, "{\"volume_backend_name\": \"" + asyncOnly + "\", \"replication_enabled\":"
                + " \"<is> True\", \"replication_target\": \"site-x\"}",
                "replication_target=site-x is not a target of backend");
        assertRefused(project, "{\"volume_backend_name\": \"" + noTarget + "\", \"replication_enabled\":"
                + " \"<is> True\"}", "has no replication target");
        // A backend nobody reported yet: not knowable here, the scheduler decides.
        createType(project, "later-" + UUID.randomUUID(), "{\"volume_backend_name\": \"unknown-" + UUID.randomUUID()
                + "\", \"replication_enabled\": \"<is> True\", \"replication_mode\": \"sync\"}").then().statusCode(200);
    }

    @Test
    void extraSpecsThatWouldMakeTheTypeInvalidAreRefusedAndTheOldOnesKept() {
        String project = Api.newProject();
        String id = createType(project, "t-" + UUID.randomUUID(), "{\"replication_enabled\": \"<is> True\","
                + " \"replication_mode\": \"sync\"}").then().statusCode(200).extract().path("volume_type.id");
        String specs = "/v3/" + project + "/types/" + id + "/extra_specs";

        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"extra_specs\": {\"replication_rpo_seconds\": \"300\"}}").post(specs).then().statusCode(400)
                .body("badRequest.message", equalTo(INVALID + "replication_rpo_seconds=300 applies to async"
                        + " replication only, and replication_mode is sync (a sync replica has no lag to bound)."));
        Api.admin(project).contentType(ContentType.JSON).body("{\"replication_mode\": \"fast\"}")
                .put(specs + "/replication_mode").then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("invalid replication_mode 'fast'"));
        Api.admin(project).get(specs).then().statusCode(200).body("extra_specs", equalTo(Map.of(
                "replication_enabled", "<is> True", "replication_mode", "sync")));

        Api.admin(project).contentType(ContentType.JSON).body("{\"replication_mode\": \"async\"}")
                .put(specs + "/replication_mode").then().statusCode(200);
        Api.admin(project).contentType(ContentType.JSON)
                .body("{\"extra_specs\": {\"replication_rpo_seconds\": \"300\"}}").post(specs).then().statusCode(200);
    }

    @Test
    void groupSpecsAreValidatedOnCreateAndUpdate() {
        String project = Api.newProject();
        String groupTypes = "/v3/" + project + "/group_types";

        Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"group_specs\":"
                        + " {\"group_replication_enabled\": \"<is> True\", \"replication_mode\": \"async\","
                        + " \"replication_mediator\": \"<is> True\"}}}")
                .post(groupTypes).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.startsWith(INVALID + "replication_mediator"));
        Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"group_specs\":"
                        + " {\"group_replication_enabled\": \"maybe\"}}}")
                .post(groupTypes).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString(
                        "invalid group_replication_enabled 'maybe'"));

        String id = groupType(project, "{\"group_replication_enabled\": \"<is> True\", \"replication_mode\":"
                + " \"sync\"}");
        Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"group_specs\": {\"replication_rpo_seconds\": \"60\"}}")
                .post(groupTypes + "/" + id + "/group_specs").then().statusCode(400);
        Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"replication_scope\": \"everything\"}")
                .put(groupTypes + "/" + id + "/group_specs/replication_scope").then().statusCode(400);
        Api.at(Api.admin(project), "3.11").get(groupTypes + "/" + id + "/group_specs").then()
                .body("group_specs", equalTo(Map.of("group_replication_enabled", "<is> True",
                        "replication_mode", "sync")));
    }

    @Test
    void aVolumeReplicatedOnItsOwnCannotJoinAReplicatedGroupNorAskForGroupScopeOutsideOne() {
        String project = Api.newProject();
        String onItsOwn = createType(project, "own-" + UUID.randomUUID(), "{\"replication_enabled\": \"<is> True\","
                + " \"replication_scope\": \"volume\"}").then().statusCode(200).extract().path("volume_type.id");
        String byGroup = createType(project, "bygroup-" + UUID.randomUUID(), "{\"replication_scope\": \"group\"}")
                .then().statusCode(200).extract().path("volume_type.id");
        String group = availableGroup(project, groupType(project, "{\"group_replication_enabled\": \"<is> True\"}"),
                onItsOwn, byGroup);
        long before = rows.count("select count(*) from volume where project_id = $1", project);

        createVolume(project, onItsOwn, group).then().statusCode(400)
                .body("badRequest.message", equalTo(INVALID + "the volume type asks for replication_scope=volume, but"
                        + " the volume's group is replicated as a group; a volume of a replicated group is not also"
                        + " replicated on its own."));
        createVolume(project, byGroup, null).then().statusCode(400)
                .body("badRequest.message", equalTo(INVALID + "replication_scope=group needs the volume to be in a"
                        + " group whose group type has group_replication_enabled='<is> True'."));
        assertThat(rows.count("select count(*) from volume where project_id = $1", project)).isEqualTo(before);

        createVolume(project, byGroup, group).then().statusCode(202);
    }

    private void assertRefused(String project, String specs, String problem) {
        String name = "bad-" + UUID.randomUUID();
        createType(project, name, specs).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.startsWith(INVALID))
                .body("badRequest.message", org.hamcrest.Matchers.containsString(problem));
        assertThat(rows.count("select count(*) from volume_type where name = $1", name)).isZero();
    }

    /** A reported backend of its own name with one pool and these targets; returns its volume_backend_name. */
    private String backendWith(List<ReplicationTarget> targets) {
        String name = "repl-" + UUID.randomUUID();
        String host = Services.newHost() + "@" + name;
        Services.publishReport(codec, topics, new BackendCapabilities(host, name, "Open Source", "1.0", "file", "nova",
                Instant.now(), List.of(new PoolCapabilities("pool-a", 1000, 1000, 0, true, 1.0, 0, Map.of(), null)),
                Map.of("volume_backend_name", name), !targets.isEmpty(), targets));
        await().atMost(Volumes.EVENT_TIMEOUT)
                .until(() -> rows.count("select count(*) from backend where host = $1", host) == 1);
        return name;
    }

    private static Response createType(String project, String name, String extraSpecs) {
        return Api.admin(project).contentType(ContentType.JSON)
                .body("{\"volume_type\": {\"name\": \"" + name + "\", \"extra_specs\": " + extraSpecs + "}}")
                .post("/v3/" + project + "/types");
    }

    private static String groupType(String project, String specs) {
        return Api.at(Api.admin(project), "3.11").contentType(ContentType.JSON)
                .body("{\"group_type\": {\"name\": \"gt-" + UUID.randomUUID() + "\", \"group_specs\": " + specs + "}}")
                .post("/v3/" + project + "/group_types").then().statusCode(202).extract().path("group_type.id");
    }

    private String availableGroup(String project, String groupType, String... volumeTypes) {
        String id = Api.at(Api.member(project), "3.13").contentType(ContentType.JSON)
                .body("{\"group\": {\"name\": \"g-" + UUID.randomUUID() + "\", \"group_type\": \"" + groupType
                        + "\", \"volume_types\": [\"" + String.join("\", \"", volumeTypes) + "\"]}}")
                .post("/v3/" + project + "/groups").then().statusCode(202).extract().path("group.id");
        GroupCreated created = new GroupCreated(id, "node1@fast#pool-a");
        Volumes.publish(topics.volumeEvents(), created, Volumes.encode(codec, created));
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "available".equals(Api.at(Api.member(project), "3.13")
                .get("/v3/" + project + "/groups/" + id).then().extract().path("group.status")));
        return id;
    }

    private static Response createVolume(String project, String volumeType, String group) {
        return Api.at(Api.member(project), "3.13").contentType(ContentType.JSON)
                .body("{\"volume\": {\"size\": 1, \"volume_type\": \"" + volumeType + "\""
                        + (group == null ? "" : ", \"group_id\": \"" + group + "\"") + "}}")
                .post("/v3/" + project + "/volumes");
    }
}
