package org.replication.v3.api.failover;

import org.replication.v3.common.replication.ReplicationStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.replication.v3.api.failover.FailoverSteps.changed;
import static org.replication.v3.api.failover.FailoverSteps.command;
import static org.replication.v3.api.failover.FailoverSteps.get;
import static org.replication.v3.api.failover.FailoverSteps.plan;
import static org.replication.v3.api.failover.FailoverSteps.post;
import static org.replication.v3.api.failover.FailoverSteps.volumeAt;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Rows;
import org.replication.v3.api.support.Services;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationScope;

/** The failover API: requests accepted as operations and commands, the operations view kept from events. */
@QuarkusTest
class FailoverApiTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Inject
    Rows rows;

    private String body(String action, String scope, String resources, String extra) {
        return "{\"" + action + "\": {\"scope\": \"" + scope + "\", \"resources\": [" + resources + "]" + extra + "}}";
    }

    private long operationsOf(String project) {
        return rows.count("select count(*) from failover_operation where project_id = $1", project);
    }

    @Test
    void volumeFailoverIsAcceptedAndSentToTheReplicationService() {
        String project = Api.newProject();
        String host = Services.newHost() + "@fast#pool-a";
        String a = volumeAt(codec, topics, project, host);
        String b = volumeAt(codec, topics, project, host);

        String id = post(project, "failover", body("failover", "volume", "\"" + a + "\", \"" + b + "\"",
                ", \"target\": \"site-b\", \"force\": false, \"reason\": \"drill\", \"dry_run\": false"))
                .then().statusCode(202)
                .body("operation.state", equalTo("accepted"))
                .body("operation.action", equalTo("failover"))
                .body("operation.scope", equalTo("volume"))
                .body("operation.resources", contains(a, b))
                .body("operation.target", equalTo("site-b"))
                .body("operation.reason", equalTo("drill"))
                .body("operation.automatic", equalTo(false))
                .body("operation.dry_run", equalTo(false))
                .body("operation.plan", nullValue())
                .body("operation.created_at", notNullValue())
                .extract().path("operation.id");

        FailoverRequested sent = command(codec, topics, id);
        assertThat(sent.action()).isEqualTo(FailoverAction.FAILOVER);
        assertThat(sent.scope()).isEqualTo(ReplicationScope.VOLUME);
        assertThat(sent.resources()).containsExactly(a, b);
        assertThat(sent.target()).isEqualTo("site-b");
        assertThat(sent.dryRun()).isFalse();
        assertThat(sent.automatic()).isFalse();
        assertThat(sent.requestedBy()).isNotBlank();
        assertThat(operationsOf(project)).isEqualTo(1);
    }

    @Test
    void theOperationShowsPlanProgressAndResultsFromOperationChangedEvents() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        String a = volumeAt(codec, topics, project, backend + "#pool-a");
        String b = volumeAt(codec, topics, project, backend + "#pool-a");
        String id = post(project, "failover", body("failover", "pool", "\"" + backend + "#pool-a\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        FailoverRequested request = command(codec, topics, id);

        changed(codec, topics, request, "running", 2, 0, 0, plan(backend, 2), List.of());
        FailoverSteps.awaitState(project, id, "running");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.plan.workflow", equalTo("async_planned"))
                .body("operation.plan.volumes_by_backend." + "'" + backend + "'", equalTo(2))
                .body("operation.plan.data_loss", equalTo("bounded_by_rpo"))
                .body("operation.plan.max_data_loss_seconds", equalTo(300))
                .body("operation.plan.downtime", equalTo("manual_failover"))
                .body("operation.finished_at", nullValue());

        changed(codec, topics, request, "completed_with_errors", 2, 1, 1, null, List.of(
                new VolumesSwitched.Result(a, ReplicationStatus.FAILED_OVER, 4096, Instant.now(), null),
                new VolumesSwitched.Result(b, ReplicationStatus.FAILOVER_ERROR, 0, null, "array did not answer")));
        FailoverSteps.awaitState(project, id, "completed_with_errors");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.total", equalTo(2))
                .body("operation.done", equalTo(1))
                .body("operation.failed", equalTo(1))
                .body("operation.plan.workflow", equalTo("async_planned"))
                .body("operation.finished_at", notNullValue())
                .body("operation.results.find { it.volume_id == '" + a + "' }.replication_status",
                        equalTo("failed-over"))
                .body("operation.results.find { it.volume_id == '" + a + "' }.lost_bytes", equalTo(4096))
                .body("operation.results.find { it.volume_id == '" + b + "' }.error",
                        equalTo("array did not answer"));

        get(project, "operations?state=completed_with_errors&scope=pool").then().statusCode(200)
                .body("operations.id", hasItem(id));
        get(project, "operations?state=running").then().statusCode(200).body("operations.id", not(hasItem(id)));
    }

    @Test
    void aForcedFailoverWithThePrimarySilentShowsWhatItWasForcedPastAndTheDataAtRisk() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String volume = volumeAt(codec, topics, project, backend + "#pool-a");
        String id = post(project, "failover", body("failover", "volume", "\"" + volume + "\"",
                ", \"force\": true, \"reason\": \"site-c is lost\""))
                .then().statusCode(202)
                .body("operation.force", equalTo(true))
                .body("operation.reason", equalTo("site-c is lost"))
                .extract().path("operation.id");
        FailoverRequested request = command(codec, topics, id);
        assertThat(request.force()).isTrue();
        assertThat(request.reason()).isEqualTo("site-c is lost");

        String silent = "backend " + backend + " has not reported since 2026-12-05T01:50:00Z (last report from"
                + " site-c, down after 60 s): no live volume-service instance runs it to do the failover";
        changed(codec, topics, request, "running", 1, 0, 0, plan(backend, 1).withWarnings(List.of(silent)),
                List.of());
        FailoverSteps.awaitState(project, id, "running");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.plan.warnings", contains(silent));

        Instant consistentAt = Instant.parse("2026-12-05T01:58:15Z");
        Instant reportAt = Instant.parse("2026-12-05T01:58:58Z");
        changed(codec, topics, request, "completed", 1, 1, 0, null, List.of(new VolumesSwitched.Result(volume,
                ReplicationStatus.FAILED_OVER, 8192, consistentAt, null, FencedBy.DRIVER, 8192L, reportAt, 43.0)));
        FailoverSteps.awaitState(project, id, "completed");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.plan.warnings", contains(silent))
                .body("operation.results[0].lost_bytes", equalTo(8192))
                .body("operation.results[0].at_risk_as_of", equalTo(CinderTime.format(reportAt)))
                .body("operation.results[0].lag_at_loss_seconds", equalTo(43.0f))
                .body("operation.results[0].data_as_of", equalTo(CinderTime.format(consistentAt)))
                .body("operation.results[0].fenced_by", equalTo("driver"));
    }

    @Test
    void aPlanFromBeforeWarningsShowsNoneAndAResultWithoutDataAtRiskShowsNulls() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String volume = volumeAt(codec, topics, project, backend + "#pool-a");
        String id = post(project, "failover", body("failover", "volume", "\"" + volume + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        FailoverRequested request = command(codec, topics, id);

        changed(codec, topics, request, "completed", 1, 1, 0, plan(backend, 1), List.of(
                new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null)));
        FailoverSteps.awaitState(project, id, "completed");
        get(project, "operations/" + id).then().statusCode(200)
                .body("operation.plan.warnings", org.hamcrest.Matchers.empty())
                .body("operation.results[0].at_risk_as_of", nullValue())
                .body("operation.results[0].lag_at_loss_seconds", nullValue());
    }

    @Test
    void forceWithoutAReasonIsRefusedSayingAReasonIsRequired() {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");

        post(project, "failover", body("failover", "volume", "\"" + volume + "\"", ", \"force\": true"))
                .then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.containsString("force needs a reason"));
        post(project, "failover", body("failover", "volume", "\"" + volume + "\"",
                ", \"force\": true, \"reason\": \"  \""))
                .then().statusCode(400);
        assertThat(operationsOf(project)).isZero();
    }

    @Test
    void aLateRunningEventDoesNotReopenAFinishedOperation() {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");
        String id = post(project, "failover", body("failover", "volume", "\"" + volume + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        FailoverRequested request = command(codec, topics, id);
        changed(codec, topics, request, "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, id, "completed");

        changed(codec, topics, request, "running", 1, 0, 0, null,
                List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0, null, null)));
        org.awaitility.Awaitility.await().atMost(org.replication.v3.api.support.Volumes.EVENT_TIMEOUT)
                .until(() -> rows.count("select count(*) from failover_operation_result where operation_id = $1",
                        id) == 1);
        get(project, "operations/" + id).then().body("operation.state", equalTo("completed"))
                .body("operation.done", equalTo(1));
    }

    @Test
    void aRefusalIsShownWithItsReason() {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");
        String id = post(project, "failover", body("failover", "volume", "\"" + volume + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        changed(codec, topics, command(codec, topics, id), "refused", 0, 0, 0, null, List.of());
        FailoverSteps.awaitState(project, id, "refused");
        get(project, "operations/" + id).then().body("operation.refusal", equalTo("volume is not replicated"))
                .body("operation.finished_at", notNullValue());
    }

    @Test
    void automaticOperationsAppearFromTheirEventsAndFilter() {
        String project = Api.newProject();
        FailoverRequested automatic = FailoverSteps.automatic(java.util.UUID.randomUUID().toString());
        changed(codec, topics, automatic, "running", 1, 0, 0, null, List.of());
        FailoverSteps.awaitState(project, automatic.operationId(), "running");
        get(project, "operations/" + automatic.operationId()).then().statusCode(200)
                .body("operation.automatic", equalTo(true))
                .body("operation.requested_by", equalTo("replication-service"))
                .body("operation.reason", equalTo("mediator: primary lost"));
        get(project, "operations?automatic=true").then().statusCode(200)
                .body("operations.id", hasItem(automatic.operationId()))
                .body("operations.automatic", not(hasItem(false)));
        get(project, "operations?automatic=false").then().statusCode(200)
                .body("operations.id", not(hasItem(automatic.operationId())));
    }

    @Test
    void anUnreadableOperationEventIsParkedAndTheStreamGoesOn() {
        String project = Api.newProject();
        FailoverRequested automatic = FailoverSteps.automatic(java.util.UUID.randomUUID().toString());
        Kafka.send(topics.replicationEvents(), automatic.operationId(), "{this is not a cloud event");
        changed(codec, topics, automatic, "running", 1, 0, 0, null, List.of());

        FailoverSteps.awaitState(project, automatic.operationId(), "running");
        assertThat(Kafka.await(TopicNames.deadLetter(topics.replicationEvents()),
                record -> automatic.operationId().equals(record.key()), Volumes.EVENT_TIMEOUT).value())
                .isEqualTo("{this is not a cloud event");
    }

    @Test
    void listsNewestFirstAndPagesWithLimitAndMarker() {
        String project = Api.newProject();
        String first = post(project, "failover", body("failover", "volume",
                "\"" + volumeAt(codec, topics, project, Services.newHost() + "@fast#p") + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        String second = post(project, "failover", body("failover", "volume",
                "\"" + volumeAt(codec, topics, project, Services.newHost() + "@fast#p") + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        List<String> page = get(project, "operations?limit=2").then().statusCode(200)
                .extract().jsonPath().getList("operations.id");
        assertThat(page).containsExactly(second, first);
        get(project, "operations?limit=1&marker=" + second).then().statusCode(200)
                .body("operations.id", contains(first));
        get(project, "operations?marker=nosuch").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Marker nosuch could not be found."));
        get(project, "operations?limit=x").then().statusCode(400);
        get(project, "operations?state=finished").then().statusCode(400);
        get(project, "operations?colour=blue").then().statusCode(400);
        get(project, "operations/nosuch").then().statusCode(404)
                .body("itemNotFound.message", equalTo("Operation nosuch could not be found."));
    }

    @Test
    void dryRunIsSentAsOneAndShowsThePlan() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        String volume = volumeAt(codec, topics, project, backend + "#pool-a");
        String id = post(project, "failover", body("failover", "volume", "\"" + volume + "\"",
                ", \"dry_run\": true")).then().statusCode(202).body("operation.dry_run", equalTo(true))
                .extract().path("operation.id");
        FailoverRequested request = command(codec, topics, id);
        assertThat(request.dryRun()).isTrue();
        changed(codec, topics, request, "planned", 1, 0, 0, plan(backend, 1), List.of());
        FailoverSteps.awaitState(project, id, "planned");
        get(project, "operations/" + id).then().body("operation.plan.data_loss", equalTo("bounded_by_rpo"));
        // a plan switches nothing: the same volume may be failed over at once
        post(project, "failover", body("failover", "volume", "\"" + volume + "\"", "")).then().statusCode(202);
    }

    @Test
    void aRequestOverlappingARunningOperationIsAConflictAndWritesNothing() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        String volume = volumeAt(codec, topics, project, backend + "#pool-a");
        String running = post(project, "failover", body("failover", "volume", "\"" + volume + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        FailoverRequested request = command(codec, topics, running);

        for (String conflicting : List.of(body("failover", "volume", "\"" + volume + "\"", ""),
                body("failover", "pool", "\"" + backend + "#pool-a\"", ""),
                body("failover", "backend", "\"" + backend + "\"", ""))) {
            post(project, "failover", conflicting).then().statusCode(409)
                    .body("conflictingRequest.code", equalTo(409))
                    .body("conflictingRequest.message", org.hamcrest.Matchers.containsString(running));
        }
        post(project, "failover", body("failover", "pool", "\"" + backend + "#pool-b\"", "")).then()
                .statusCode(202);
        assertThat(operationsOf(project)).isEqualTo(2);

        changed(codec, topics, request, "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, running, "completed");
        post(project, "failback", body("failback", "volume", "\"" + volume + "\"", "")).then().statusCode(202);
    }

    @Test
    void aPoolInsideARunningBackendOperationIsAConflict() {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        String running = post(project, "failover", body("failover", "backend", "\"" + backend + "\"", ""))
                .then().statusCode(202).extract().path("operation.id");
        post(project, "failover", body("failover", "pool", "\"" + backend + "#pool-a\"", "")).then()
                .statusCode(409).body("conflictingRequest.message", org.hamcrest.Matchers.containsString(running));
        String inside = volumeAt(codec, topics, project, backend + "#pool-c");
        post(project, "failover", body("failover", "volume", "\"" + inside + "\"", "")).then().statusCode(409);
    }

    @Test
    void unknownResourcesAreRefused() {
        String project = Api.newProject();
        String missing = java.util.UUID.randomUUID().toString();
        post(project, "failover", body("failover", "volume", "\"" + missing + "\"", "")).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Volume " + missing + " could not be found."));
        post(project, "failover", body("failover", "group", "\"" + missing + "\"", "")).then().statusCode(404)
                .body("itemNotFound.message", equalTo("Group " + missing + " could not be found."));
        post(project, "failover", body("failover", "backend", "\"nosuchhost@fast\"", "")).then().statusCode(400)
                .body("badRequest.message", equalTo("No service found with host=nosuchhost@fast"));
        assertThat(operationsOf(project)).isZero();
    }

    @Test
    void badBodiesAreRefusedAndWriteNothing() {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");
        String ok = "\"" + volume + "\"";
        List<String> bad = List.of("", "[]", "{}", "{\"failover\": []}", "{\"failover\": {}, \"x\": 1}",
                body("failover", "zone", ok, ""),
                "{\"failover\": {\"scope\": 7, \"resources\": [" + ok + "]}}",
                "{\"failover\": {\"scope\": \"volume\"}}",
                "{\"failover\": {\"scope\": \"volume\", \"resources\": \"" + volume + "\"}}",
                body("failover", "volume", "", ""),
                body("failover", "volume", ok + ", " + ok, ""),
                body("failover", "volume", "\"not-a-uuid\"", ""),
                body("failover", "volume", "7", ""),
                body("failover", "pool", "\"node1@fast\"", ""),
                body("failover", "backend", "\"node1@fast#pool-a\"", ""),
                body("failover", "volume", ok, ", \"target\": 5"),
                body("failover", "volume", ok, ", \"target\": \"default\""),
                body("failover", "volume", ok, ", \"force\": \"maybe\""),
                body("failover", "volume", ok, ", \"dry_run\": 3"),
                body("failover", "volume", ok, ", \"keep_target_changes\": true"),
                body("failover", "volume", ok, ", \"colour\": \"blue\""),
                body("failback", "volume", ok, ""));
        for (String body : bad) {
            post(project, "failover", body).then().statusCode(400).body("badRequest.code", equalTo(400));
        }
        assertThat(operationsOf(project)).isZero();
    }

    @Test
    void theRoutesExistFrom371ForAdminsOnly() {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");
        String request = body("failover", "volume", "\"" + volume + "\"", "");
        Api.at(Api.admin(project), "3.70").contentType(ContentType.JSON).body(request)
                .post("/v3/" + project + "/replication/failover").then().statusCode(404)
                .body("itemNotFound.message", equalTo("The resource could not be found."));
        Api.at(Api.admin(project), "3.70").contentType(ContentType.JSON).body(request)
                .post("/v3/" + project + "/replication/failback").then().statusCode(404);
        Api.at(Api.admin(project), "3.70").get("/v3/" + project + "/replication/operations").then().statusCode(404);
        Api.at(Api.admin(project), "3.70").get("/v3/" + project + "/replication/operations/x").then()
                .statusCode(404);

        Api.at(Api.member(project), "3.71").contentType(ContentType.JSON).body(request)
                .post("/v3/" + project + "/replication/failover").then().statusCode(403)
                .body("forbidden.message", equalTo("Policy doesn't allow replication:failover to be performed."));
        Api.at(Api.member(project), "3.71").contentType(ContentType.JSON).body(request.replace("failover", "failback"))
                .post("/v3/" + project + "/replication/failback").then().statusCode(403);
        Api.at(Api.member(project), "3.71").get("/v3/" + project + "/replication/operations").then()
                .statusCode(403);
        Api.at(Api.member(project), "3.71").get("/v3/" + project + "/replication/operations/x").then()
                .statusCode(403);
        assertThat(operationsOf(project)).isZero();
    }
}
