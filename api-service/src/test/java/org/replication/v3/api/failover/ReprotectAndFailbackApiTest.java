package org.replication.v3.api.failover;

import org.replication.v3.common.replication.ReplicationStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.replication.v3.api.failover.FailoverSteps.changed;
import static org.replication.v3.api.failover.FailoverSteps.command;
import static org.replication.v3.api.failover.FailoverSteps.get;
import static org.replication.v3.api.failover.FailoverSteps.post;
import static org.replication.v3.api.failover.FailoverSteps.volumeAt;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/**
 * Reprotect, the failback's choice of keeping or discarding the target's changes, and the reason an operator must
 * give to force an unplanned failover (the operator then fences the old primary).
 */
@QuarkusTest
class ReprotectAndFailbackApiTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private static String body(String action, String volume, String extra) {
        return "{\"" + action + "\": {\"scope\": \"volume\", \"resources\": [\"" + volume + "\"]" + extra + "}}";
    }

    private long operationsOf(String project) {
        return rows.count("select count(*) from failover_operation where project_id = $1", project);
    }

    private String volume(String project) {
        return volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");
    }

    @Test
    void aReprotectIsAcceptedAndSentToTheReplicationService() {
        String project = Api.newProject();
        String volume = volume(project);

        String id = post(project, "reprotect", body("reprotect", volume,
                ", \"target\": \"site-b\", \"reason\": \"site-a repaired\", \"dry_run\": false"))
                .then().statusCode(202)
                .body("operation.action", equalTo("reprotect"))
                .body("operation.state", equalTo("accepted"))
                .body("operation.target", equalTo("site-b"))
                .body("operation.reason", equalTo("site-a repaired"))
                .body("operation.force", equalTo(false))
                .body("operation.changes", nullValue())
                .extract().path("operation.id");

        FailoverRequested sent = command(codec, topics, id);
        assertThat(sent.action()).isEqualTo(FailoverAction.REPROTECT);
        assertThat(sent.resources()).containsExactly(volume);
        assertThat(sent.target()).isEqualTo("site-b");
        assertThat(sent.force()).isFalse();
        changed(codec, topics, sent, "completed", 1, 1, 0, null,
                List.of(new VolumesSwitched.Result(volume, ReplicationStatus.ENABLED, 0, null, null)));
        FailoverSteps.awaitState(project, id, "completed");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.results[0].replication_status", equalTo("enabled"))
                .body("operation.results[0].fenced_by", nullValue());
        get(project, "operations?state=completed").then().statusCode(200)
                .body("operations.find { it.id == '" + id + "' }.action", equalTo("reprotect"));
    }

    @Test
    void aReprotectOverlappingARunningFailoverIsAConflict() {
        String project = Api.newProject();
        String volume = volume(project);
        String running = post(project, "failover", body("failover", volume, "")).then().statusCode(202)
                .extract().path("operation.id");

        post(project, "reprotect", body("reprotect", volume, "")).then().statusCode(409)
                .body("conflictingRequest.message", containsString(running));
        assertThat(operationsOf(project)).isEqualTo(1);
    }

    @Test
    void aFailbackKeepsTheTargetsChangesUnlessToldToDiscardThem() {
        String project = Api.newProject();
        String volume = volume(project);

        String kept = post(project, "failback", body("failback", volume, "")).then().statusCode(202)
                .body("operation.changes", equalTo("keep")).extract().path("operation.id");
        assertThat(command(codec, topics, kept).changes()).isEqualTo(FailbackChanges.KEEP);
        changed(codec, topics, command(codec, topics, kept), "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, kept, "completed");

        String discarded = post(project, "failback", body("failback", volume, ", \"changes\": \"discard\""))
                .then().statusCode(202).body("operation.changes", equalTo("discard"))
                .extract().path("operation.id");
        FailoverRequested discard = command(codec, topics, discarded);
        assertThat(discard.changes()).isEqualTo(FailbackChanges.DISCARD);
        get(project, "operations/" + discarded).then().body("operation.changes", equalTo("discard"));
        changed(codec, topics, discard, "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, discarded, "completed");

        String older = post(project, "failback", body("failback", volume, ", \"keep_target_changes\": false"))
                .then().statusCode(202).extract().path("operation.id");
        assertThat(command(codec, topics, older).changes()).as("the older spelling")
                .isEqualTo(FailbackChanges.DISCARD);
    }

    @Test
    void badFailbackAndReprotectBodiesAreRefusedAndWriteNothing() {
        String project = Api.newProject();
        String volume = volume(project);

        post(project, "failback", body("failback", volume, ", \"changes\": \"maybe\"")).then().statusCode(400)
                .body("badRequest.message", equalTo("Invalid input for field/attribute changes. Value: maybe."
                        + " 'maybe' is not one of ['keep', 'discard']"));
        post(project, "failback", body("failback", volume, ", \"changes\": \"keep\", \"keep_target_changes\": false"))
                .then().statusCode(400).body("badRequest.message", equalTo("Invalid input received:"
                        + " changes=keep contradicts keep_target_changes=false."));
        for (String bad : List.of(body("failback", volume, ", \"changes\": 5"),
                body("failback", volume, ", \"changes\": \"KEEP\""),
                body("failback", volume, ", \"keep_target_changes\": \"perhaps\""),
                body("reprotect", volume, ""))) {
            post(project, "failback", bad).then().statusCode(400).body("badRequest.code", equalTo(400));
        }
        post(project, "failover", body("failover", volume, ", \"changes\": \"keep\"")).then().statusCode(400);
        for (String bad : List.of(body("reprotect", volume, ", \"force\": true, \"reason\": \"x\""),
                body("reprotect", volume, ", \"changes\": \"keep\""),
                body("reprotect", volume, ", \"target\": \"default\""),
                body("reprotect", "not-a-uuid", ""),
                "{\"reprotect\": {\"scope\": \"volume\"}}",
                body("failover", volume, ""))) {
            post(project, "reprotect", bad).then().statusCode(400).body("badRequest.code", equalTo(400));
        }
        assertThat(operationsOf(project)).isZero();
    }

    @Test
    void forcingAFailoverNeedsAReasonAndShowsTheOperatorFencedTheOldPrimary() {
        String project = Api.newProject();
        String volume = volume(project);
        for (String reason : List.of("", ", \"reason\": \"   \"", ", \"reason\": null")) {
            post(project, "failover", body("failover", volume, ", \"force\": true" + reason)).then()
                    .statusCode(400).body("badRequest.message", equalTo("Invalid input received: force needs a"
                            + " reason: forcing vouches that the unreachable primary is down and takes no writes"
                            + " (it is fenced by the operator), and the reason records why."));
        }
        post(project, "failback", body("failback", volume, ", \"force\": true, \"reason\": \"x\"")).then()
                .statusCode(400).body("badRequest.message", containsString("a failback is never forced"));
        assertThat(operationsOf(project)).isZero();

        String id = post(project, "failover", body("failover", volume,
                ", \"force\": true, \"reason\": \"site-a flooded, power cut confirmed\"")).then().statusCode(202)
                .body("operation.force", equalTo(true))
                .body("operation.reason", equalTo("site-a flooded, power cut confirmed"))
                .extract().path("operation.id");
        FailoverRequested sent = command(codec, topics, id);
        assertThat(sent.force()).isTrue();
        assertThat(sent.reason()).isEqualTo("site-a flooded, power cut confirmed");

        changed(codec, topics, sent, "completed", 1, 1, 0, null, List.of(new VolumesSwitched.Result(volume,
                ReplicationStatus.FAILED_OVER, 8192, Instant.now(), null, FencedBy.OPERATOR)));
        FailoverSteps.awaitState(project, id, "completed");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.results[0].fenced_by", equalTo("operator"))
                .body("operation.results[0].lost_bytes", equalTo(8192))
                .body("operation.reason", equalTo("site-a flooded, power cut confirmed"));
    }

    @Test
    void theReprotectRouteExistsFrom371ForAdminsOnly() {
        String project = Api.newProject();
        String volume = volume(project);
        String request = body("reprotect", volume, "");
        Api.at(Api.admin(project), "3.70").contentType(ContentType.JSON).body(request)
                .post("/v3/" + project + "/replication/reprotect").then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
        Api.at(Api.member(project), "3.71").contentType(ContentType.JSON).body(request)
                .post("/v3/" + project + "/replication/reprotect").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow replication:reprotect to be performed."));
        String other = Api.newProject();
        Api.at(Api.member(other), "3.71").contentType(ContentType.JSON).body(request)
                .post("/v3/" + other + "/replication/reprotect").then().statusCode(403);
        assertThat(operationsOf(project)).isZero();
        assertThat(operationsOf(other)).isZero();
    }
}
