package org.replication.v3.api.failover;

import org.replication.v3.common.replication.ReplicationStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.replication.v3.api.failover.FailoverSteps.changed;
import static org.replication.v3.api.failover.FailoverSteps.command;
import static org.replication.v3.api.failover.FailoverSteps.get;
import static org.replication.v3.api.failover.FailoverSteps.post;
import static org.replication.v3.api.failover.FailoverSteps.volumeAt;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Services;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;

/**
 * Acceptance is exclusive: of simultaneous requests that could switch the same volume, exactly one is accepted,
 * whatever their scopes; the others are 409 naming it, and the volume is free again once that operation ends.
 */
@QuarkusTest
class FailoverAcceptanceTest {

    private static final int REQUESTS = 8;

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    private static String body(String action, String scope, String resource) {
        return "{\"" + action + "\": {\"scope\": \"" + scope + "\", \"resources\": [\"" + resource + "\"]}}";
    }

    /** Sends every body at once, from as many threads, and answers the responses in the same order. */
    private static List<Response> simultaneously(String project, List<String> bodies) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> sent = new ArrayList<>();
            for (String body : bodies) {
                sent.add(threads.submit(() -> {
                    start.await();
                    return post(project, "failover", body);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> response : sent) {
                responses.add(response.get(2, TimeUnit.MINUTES));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<String> operationsNaming(String project, String resource) {
        return get(project, "operations?limit=1000").then().statusCode(200).extract().jsonPath()
                .getList("operations.findAll { it.resources.contains('" + resource + "') }.id");
    }

    @Test
    void ofSimultaneousFailoversOfOneVolumeExactlyOneIsAccepted() throws Exception {
        String project = Api.newProject();
        String volume = volumeAt(codec, topics, project, Services.newHost() + "@fast#pool-a");

        List<Response> responses = simultaneously(project,
                java.util.Collections.nCopies(REQUESTS, body("failover", "volume", volume)));

        List<Response> accepted = responses.stream().filter(r -> r.statusCode() == 202).toList();
        assertThat(accepted).hasSize(1);
        String winner = accepted.get(0).path("operation.id");
        assertThat(responses.stream().filter(r -> r.statusCode() == 409)).hasSize(REQUESTS - 1)
                .allSatisfy(r -> assertThat(r.<String>path("conflictingRequest.message")).contains(winner));
        assertThat(operationsNaming(project, volume)).containsExactly(winner);

        // the volume is free again once the operation has ended
        changed(codec, topics, command(codec, topics, winner), "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, winner, "completed");
        post(project, "failback", body("failback", "volume", volume)).then().statusCode(202);
    }

    @Test
    void aVolumeAndItsBackendRequestedTogetherAreOneOperation() throws Exception {
        String project = Api.newProject();
        String backend = Services.newHost() + "@fast";
        Services.volumeServiceUp(codec, topics, backend);
        String volume = volumeAt(codec, topics, project, backend + "#pool-a");

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            bodies.add(switch (i % 3) {
                case 0 -> body("failover", "volume", volume);
                case 1 -> body("failover", "pool", backend + "#pool-a");
                default -> body("failover", "backend", backend);
            });
        }
        List<Response> responses = simultaneously(project, bodies);

        assertThat(responses.stream().filter(r -> r.statusCode() == 202)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.statusCode() == 409)).hasSize(REQUESTS - 1);
        String winner = responses.stream().filter(r -> r.statusCode() == 202).findFirst().orElseThrow()
                .path("operation.id");

        // a refusal ends the operation too: the volume may be failed over again
        changed(codec, topics, command(codec, topics, winner), "refused", 0, 0, 0, null, List.of());
        FailoverSteps.awaitState(project, winner, "refused");
        post(project, "failover", body("failover", "volume", volume)).then().statusCode(202);
    }

    @Test
    void aFailoverOfAVolumeAlreadyFailedOverIsRefusedAtOnceAndRecordsNothing() {
        String project = Api.newProject();
        String host = Services.newHost() + "@fast";
        String volume = volumeAt(codec, topics, project, host + "#pool-a");
        String first = post(project, "failover", body("failover", "volume", volume)).then().statusCode(202)
                .extract().path("operation.id");
        VolumesSwitched switched = new VolumesSwitched(first, host, FailoverAction.FAILOVER, "site-b",
                List.of(new VolumesSwitched.Result(volume, ReplicationStatus.FAILED_OVER, 0, Instant.now(), null)));
        Volumes.publish(topics.volumeEvents(), switched, Volumes.encode(codec, switched));
        changed(codec, topics, command(codec, topics, first), "completed", 1, 1, 0, null, List.of());
        FailoverSteps.awaitState(project, first, "completed");
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> "failed-over".equals(Api.admin(project)
                .header("OpenStack-API-Version", "volume 3.71").get("/v3/" + project + "/volumes/" + volume)
                .then().extract().path("volume.replication_status")));

        post(project, "failover", body("failover", "volume", volume)).then().statusCode(400)
                .body("badRequest.message", org.hamcrest.Matchers.equalTo("Invalid volume: volume " + volume
                        + " is already failed over; fail back or reprotect first."));
        assertThat(operationsNaming(project, volume)).containsExactly(first);
        post(project, "failback", body("failback", "volume", volume)).then().statusCode(202);
    }
}
