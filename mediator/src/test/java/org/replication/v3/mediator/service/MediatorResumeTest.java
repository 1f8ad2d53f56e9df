package org.replication.v3.mediator.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.mediator.journal.DecisionJournal;
import org.replication.v3.mediator.verdict.Action;
import org.replication.v3.mediator.verdict.Decision;
import org.replication.v3.mediator.verdict.Verdict;
import org.replication.v3.mediator.verdict.VolumeAction;

/**
 * A mediator killed between journaling a decision and hearing the array's answer: at start it finishes the decision
 * (only what the array has not done yet, at its new epoch) rather than deciding again.
 */
@QuarkusTest
@QuarkusTestResource(value = MediatorResumeTest.CutShort.class, restrictToAnnotatedClass = true)
class MediatorResumeTest {

    private static final Instant DETECTED = Instant.parse("2026-12-05T03:00:00Z");

    /** site-c lost; the earlier mediator (epoch 1) decided to promote two volumes on site-b; one promote landed. */
    public static class CutShort extends StubArrays {

        @Override
        void prepare(Path dataDir) throws IOException {
            siteC.answering = false;
            siteB.reachesPeer = false;
            siteB.volume("r-landed", "secondary", "active_active", 4, true);
            siteB.volume("r-todo", "secondary", "active_active", 4, true);
            DecisionJournal earlier = DecisionJournal.open(dataDir);
            earlier.append(new Decision("d-cut-short", 1, "site-b:site-c", Verdict.SITE_LOST, "site-b", "site-c",
                    DETECTED, DETECTED.plusSeconds(1), List.of(VolumeAction.of("r-landed", Action.PROMOTED, "site-b", 4L),
                            VolumeAction.of("r-todo", Action.PROMOTED, "site-b", 4L)), 1, "site-c lost"));
            earlier.close();
            // The promote of r-landed reached the array; the mediator died before journaling the answer.
            StubArray.promoteDirectly(siteB, "r-landed");
        }
    }

    @Test
    void theDecisionIsFinishedAtTheNewEpochAndNotDecidedAgain() {
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(decisions().get(0).get("status")));

        assertThat(StubArray.calls()).containsExactly(
                "site-b promote [r-todo] by mediator mediator@2 peer_lost=true");
        List<Map<String, Object>> decisions = decisions();
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0)).containsEntry("id", "d-cut-short").containsEntry("epoch", 1);
        assertThat(decisions.get(0).get("volumes")).isEqualTo(List.of(
                Map.of("id", "r-landed", "action", "promoted", "side", "site-b", "generation", 5),
                Map.of("id", "r-todo", "action", "promoted", "side", "site-b", "generation", 5)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> decisions().size() == 1 && StubArray.calls().size() == 1);
    }

    private static List<Map<String, Object>> decisions() {
        return given().header("X-Auth-Token", MediatorLoopTest.TOKEN).get("/v1/decisions").then().statusCode(200)
                .extract().jsonPath().getList("decisions");
    }
}
