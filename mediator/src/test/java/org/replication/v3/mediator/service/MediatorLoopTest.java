package org.replication.v3.mediator.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mediator process (loop, journal, array client, API) against two stub arrays that speak the array API: what it
 * calls, in which order, with which controller headers, and what it reports. The rules themselves are in
 * MediatorVerdictsTest; MediatorIT runs it against real arrays.
 */
@QuarkusTest
@QuarkusTestResource(value = StubArrays.class, restrictToAnnotatedClass = true)
class MediatorLoopTest {

    static final String TOKEN = "mediator-test-token";

    private StubArray b;
    private StubArray c;

    @BeforeEach
    void healthy() {
        b = StubArrays.siteB;
        c = StubArrays.siteC;
        b.reset();
        c.reset();
        // Each test starts from a pair the mediator has seen healthy for loss-after, with nobody declared lost.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonPath pair = health().setRootPath("pairs[0]");
            return pair.getString("verdict").equals("healthy") && pair.getBoolean("held")
                    && pair.getList("declared_lost").isEmpty();
        });
    }

    @Test
    void aLostSiteIsGoneOnWithoutAtOnceAndItsActivePassiveTargetsArePromotedAfterTheGrace() {
        b.volume("sl-aa", "secondary", "active_active", 3, true);
        b.volume("sl-ap-primary", "primary", "active_passive", 3, true);
        b.volume("sl-ap-target", "secondary", "active_passive", 3, true);
        b.volume("sl-unmediated", "secondary", "active_active", 3, false);
        c.answering = false;
        b.reachesPeer = false;
        Instant lost = Instant.now();

        await().atMost(Duration.ofSeconds(5)).until(() -> calls("site-b promote [sl-").size() == 1);
        assertThat(calls("site-b promote [sl-")).singleElement().asString()
                .contains("[sl-aa, sl-ap-primary]", "by mediator mediator@", "peer_lost=true");
        assertThat(b.volume("sl-ap-target").path("role").asText()).isEqualTo("secondary");
        // The journal records the outcome after the array answered the promote, so the call can be seen first.
        await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(decisionWith("sl-aa").get("status")));
        Map<String, Object> first = decisionWith("sl-aa");
        assertThat(first).containsEntry("verdict", "site_lost").containsEntry("survivor", "site-b")
                .containsEntry("lost_side", "site-c").containsEntry("status", "done");
        assertThat(volumesOf(first)).containsExactlyInAnyOrder(
                Map.of("id", "sl-aa", "action", "promoted", "side", "site-b", "generation", 4),
                Map.of("id", "sl-ap-primary", "action", "promoted", "side", "site-b", "generation", 4),
                Map.of("id", "sl-ap-target", "action", "waiting_grace", "side", "site-b", "generation", 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls("site-b promote [sl-").size() == 2);
        assertThat(Duration.between(lost, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(calls("site-b promote [sl-").get(1)).contains("[sl-ap-target]");
        assertThat(b.volume("sl-ap-target").path("role").asText()).isEqualTo("primary");
        assertThat(b.volume("sl-unmediated").path("role").asText()).isEqualTo("secondary");
        Map<String, Object> second = lastDecision();
        assertThat(second).containsEntry("verdict", "site_lost").containsEntry("detected_at",
                first.get("detected_at"));
        assertThat(health().getList("pairs[0].declared_lost")).containsExactly("site-c");
    }

    @Test
    void aPrimaryBackWithinTheGraceKeepsServingAndItsTargetIsNotPromoted() {
        b.volume("wg-ap-target", "secondary", "active_passive", 5, true);
        c.answering = false;
        b.reachesPeer = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> decisionWith("wg-ap-target") != null);
        assertThat(volumesOf(decisionWith("wg-ap-target"))).singleElement()
                .satisfies(v -> assertThat(v).containsEntry("action", "waiting_grace"));

        c.answering = true;
        b.reachesPeer = true;

        await().atMost(Duration.ofSeconds(5)).until(() -> "recovered".equals(lastDecision().get("verdict")));
        assertThat(volumesOf(lastDecision())).containsExactly(
                Map.of("id", "wg-ap-target", "action", "kept_serving", "side", "site-c"));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> b.volume("wg-ap-target").path("role").asText().equals("secondary"));
        assertThat(calls("wg-ap-target")).isEmpty();
    }

    @Test
    void aLostLinkFencesTheLoserBeforeThePrimaryGoesOnAlone() {
        b.volume("ll-aa", "primary", "active_active", 7, true);
        c.volume("ll-aa", "secondary", "active_active", 7, true);
        b.reachesPeer = false;
        c.reachesPeer = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> calls("ll-aa").size() == 2);

        assertThat(calls("ll-aa")).satisfiesExactly(
                fence -> assertThat(fence).startsWith("site-c fence [ll-aa@8] by mediator mediator@"),
                promote -> assertThat(promote).startsWith("site-b promote [ll-aa]"));
        assertThat(c.volume("ll-aa").path("serving").asBoolean()).isFalse();
        assertThat(lastDecision()).containsEntry("verdict", "link_lost").containsEntry("survivor", "site-b")
                .containsEntry("lost_side", "site-c");
    }

    @Test
    void theMediatorsOwnPathLossActsOnNothing() {
        b.volume("md-aa", "secondary", "active_active", 2, true);
        c.answering = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> "mediator_degraded".equals(lastDecision().get("verdict")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> calls("md-aa").isEmpty());
        assertThat(lastDecision()).containsEntry("lost_side", "site-c").containsEntry("volumes", List.of());
    }

    @Test
    void aBatchRefusedAsAWholeIsRecordedPerVolumeAndNotAskedAgain() {
        b.volume("rf-aa", "secondary", "active_active", 3, true);
        b.refuseBatches = "staleController";
        c.answering = false;
        b.reachesPeer = false;

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Map<String, Object> decision = decisionWith("rf-aa");
            return decision != null && "done".equals(decision.get("status"));
        });

        assertThat(volumesOf(decisionWith("rf-aa"))).containsExactly(Map.of("id", "rf-aa", "action", "promoted",
                "side", "site-b", "generation", 3, "error", "staleController"));
        assertThat(b.volume("rf-aa").path("role").asText()).isEqualTo("secondary");
    }

    @Test
    void theApiNeedsTheTokenAndAnswersFaults() {
        given().get("/v1/decisions").then().statusCode(401).body("unauthorized.code", is(401));
        given().header("X-Auth-Token", TOKEN).get("/v1/decisions?after=x").then().statusCode(400);
        given().header("X-Auth-Token", TOKEN).get("/v1/health").then().statusCode(200)
                .body("epoch", is(1))
                .body("pairs[0].pair", is("site-b:site-c"));
    }

    private static JsonPath health() {
        return given().header("X-Auth-Token", TOKEN).get("/v1/health").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> decisions() {
        return given().header("X-Auth-Token", TOKEN).get("/v1/decisions?after=0").then().statusCode(200).extract()
                .jsonPath().getList("decisions");
    }

    private static Map<String, Object> lastDecision() {
        List<Map<String, Object>> all = decisions();
        return all.isEmpty() ? Map.of() : all.get(all.size() - 1);
    }

    /** The first decision that names the volume. */
    private static Map<String, Object> decisionWith(String volume) {
        return decisions().stream().filter(d -> volumesOf(d).stream().anyMatch(v -> volume.equals(v.get("id"))))
                .findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> volumesOf(Map<String, Object> decision) {
        return (List<Map<String, Object>>) decision.get("volumes");
    }

    private static List<String> calls(String containing) {
        return StubArray.calls().stream().filter(call -> call.contains(containing)).toList();
    }
}
