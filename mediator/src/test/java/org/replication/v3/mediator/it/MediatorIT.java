package org.replication.v3.mediator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two reference arrays (site-b, site-c, each the other's peer), the mediator and the link proxy, each a real
 * process; a site is lost by kill -9, a link by black-holing it in the proxy. The volumes' primaries are on site-c, as the drill's are (docs/sites.md section 7), except where a test
 * needs site-b's own primaries. Every test starts from a pair the mediator sees healthy with nobody declared lost,
 * and restarts what it killed; what went on alone is reprotected before the next test.
 */
class MediatorIT {

    private static final String ARRAY_TOKEN = "array-it-token";
    private static final String MEDIATOR_TOKEN = "mediator-it-token";
    private static final Duration LOSS_AFTER = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofSeconds(12);
    private static final long SIZE = 1L << 20;

    private static ServiceProcess b;
    private static ServiceProcess c;
    private static ServiceProcess links;
    private static ServiceProcess mediator;

    /**
     * Every path between places goes through the link proxy, as in the suite: array b to c and c to b (the peer
     * URLs), the mediator to each array.
     */
    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "mediator-it-").toAbsolutePath();
        int portB = ServiceProcess.freePort();
        int portC = ServiceProcess.freePort();
        Map<String, Integer> link = Map.of("b-to-c", ServiceProcess.freePort(), "c-to-b", ServiceProcess.freePort(),
                "m-to-b", ServiceProcess.freePort(), "m-to-c", ServiceProcess.freePort());
        links = ServiceProcess.links(ServiceProcess.freePort(), List.of(
                "b-to-c=" + link.get("b-to-c") + "->127.0.0.1:" + portC,
                "c-to-b=" + link.get("c-to-b") + "->127.0.0.1:" + portB,
                "m-to-b=" + link.get("m-to-b") + "->127.0.0.1:" + portB,
                "m-to-c=" + link.get("m-to-c") + "->127.0.0.1:" + portC)).start();
        b = array("site-b", portB, "site-c", link.get("b-to-c"), root).start();
        c = array("site-c", portC, "site-b", link.get("c-to-b"), root).start();
        mediator = ServiceProcess.quarkus("mediator", "mediator.runner", ServiceProcess.freePort(), MEDIATOR_TOKEN,
                List.of("-Dmediator.arrays.site-b.url=http://127.0.0.1:" + link.get("m-to-b"),
                        "-Dmediator.arrays.site-b.token=" + ARRAY_TOKEN,
                        "-Dmediator.arrays.site-c.url=http://127.0.0.1:" + link.get("m-to-c"),
                        "-Dmediator.arrays.site-c.token=" + ARRAY_TOKEN,
                        "-Dmediator.pairs=site-b:site-c", "-Dmediator.poll-interval=200ms",
                        "-Dmediator.loss-after=" + LOSS_AFTER.toMillis() + "ms",
                        "-Dmediator.grace=" + GRACE.toSeconds() + "s", "-Dmediator.token=" + MEDIATOR_TOKEN,
                        "-Dmediator.data-dir=" + root.resolve("mediator")),
                "/v1/health").start();
    }

    private static ServiceProcess array(String name, int port, String peer, int peerPort, Path root) {
        return ServiceProcess.quarkus(name, "array.runner", port, ARRAY_TOKEN, List.of("-Darray.name=" + name,
                "-Darray.data-dir=" + root.resolve(name), "-Darray.admin.token=" + ARRAY_TOKEN,
                "-Darray.peers." + peer + ".url=http://127.0.0.1:" + peerPort, "-Darray.peer-timeout=1s",
                "-Darray.peer-probe=1s", "-Darray.ship-tick=100ms"), "/v1/volumes");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess process : new ServiceProcess[] {mediator, b, c, links}) {
            if (process != null) {
                process.close();
            }
        }
    }

    @BeforeEach
    void healthy() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode pair = mediator.ok("GET", "/v1/health", null).path("pairs").path(0);
            return pair.path("verdict").asText().equals("healthy") && pair.path("held").asBoolean();
        });
        // What an earlier test left going on alone (any site-loss decision promotes every mediated volume of the
        // survivor, other tests' too) is reprotected, so the mediator sees nobody declared lost.
        reprotectWhatGoesOnAlone(b);
        reprotectWhatGoesOnAlone(c);
        await().atMost(Duration.ofSeconds(10)).until(() -> mediator.ok("GET", "/v1/health", null).path("pairs")
                .path(0).path("declared_lost").isEmpty());
    }

    @Test
    void killOfASiteActiveActiveSurvivorsGoOnAtOnceActivePassiveTargetsArePromotedAfterTheGrace() throws Exception {
        String aa = volume(c, "site-b", "active_active", true);
        String apTarget = volume(c, "site-b", "active_passive", true);
        String apPrimary = volume(b, "site-c", "active_passive", true);
        String unmediated = volume(c, "site-b", "active_passive", false);
        long seq = lastSeq();

        Instant killed = Instant.now();
        c.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> b.write(aa, 0, new byte[4096]).status() == 204);
            Duration pause = Duration.between(killed, Instant.now());
            assertThat(b.write(apPrimary, 0, new byte[4096]).status()).isEqualTo(204);
            assertThat(role(b, apTarget)).isEqualTo("secondary");
            JsonNode first = decisionNaming(seq, aa);
            assertThat(first.path("verdict").asText()).isEqualTo("site_lost");
            assertThat(first.path("lost_side").asText()).isEqualTo("site-c");
            assertThat(Duration.between(killed, Instant.parse(first.path("detected_at").asText())))
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(actionOf(first, aa)).isEqualTo("promoted");
            assertThat(actionOf(first, apPrimary)).isEqualTo("promoted");
            assertThat(actionOf(first, apTarget)).isEqualTo("waiting_grace");
            assertThat(pause).as("active/active pause").isLessThan(GRACE);

            await().atMost(GRACE.plusSeconds(10)).until(() -> role(b, apTarget).equals("primary"));
            Instant detected = Instant.parse(first.path("detected_at").asText());
            assertThat(Duration.between(detected, Instant.now())).isGreaterThanOrEqualTo(GRACE);
            assertThat(b.write(apTarget, 0, new byte[4096]).status()).isEqualTo(204);
            assertThat(role(b, unmediated)).isEqualTo("secondary");
            JsonNode promoted = lastDecisionNaming(seq, apTarget);
            assertThat(actionOf(promoted, apTarget)).isEqualTo("promoted");
            assertThat(promoted.path("detected_at").asText()).isEqualTo(first.path("detected_at").asText());
            assertThat(promoted.path("status").asText()).isEqualTo("done");
        } finally {
            c.start();
        }
    }

    @Test
    void aLossShorterThanTheGraceLeavesTheActivePassiveTargetAlone() throws Exception {
        String apTarget = volume(c, "site-b", "active_passive", true);
        long seq = lastSeq();

        c.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> decisionNaming(seq, apTarget) != null);
            assertThat(actionOf(decisionNaming(seq, apTarget), apTarget)).isEqualTo("waiting_grace");
        } finally {
            c.start();
        }

        await().atMost(GRACE).until(() -> "recovered".equals(lastDecisionNaming(seq, apTarget).path("verdict")
                .asText()));
        assertThat(actionOf(lastDecisionNaming(seq, apTarget), apTarget)).isEqualTo("kept_serving");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> role(b, apTarget).equals("secondary") && role(c, apTarget).equals("primary"));
        assertThat(c.write(apTarget, 0, new byte[4096]).status()).isEqualTo(204);
    }

    @Test
    void aMediatorRestartedDuringTheGraceFinishesItsDecisionWithoutStartingTheGraceAgain() throws Exception {
        String apTarget = volume(c, "site-b", "active_passive", true);
        long seq = lastSeq();
        long epoch = mediator.ok("GET", "/v1/health", null).path("epoch").asLong();

        c.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> decisionNaming(seq, apTarget) != null);
            JsonNode waiting = decisionNaming(seq, apTarget);
            mediator.kill();
            mediator.start();
            assertThat(mediator.ok("GET", "/v1/health", null).path("epoch").asLong()).isEqualTo(epoch + 1);

            await().atMost(GRACE.plusSeconds(10)).until(() -> role(b, apTarget).equals("primary"));
            Instant detected = Instant.parse(waiting.path("detected_at").asText());
            assertThat(Duration.between(detected, Instant.now())).isGreaterThanOrEqualTo(GRACE);
            List<JsonNode> naming = decisionsNaming(seq, apTarget);
            assertThat(naming).hasSize(2);
            assertThat(actionOf(naming.get(1), apTarget)).isEqualTo("promoted");
            assertThat(naming.get(1).path("detected_at").asText()).isEqualTo(waiting.path("detected_at").asText());
            assertThat(naming.get(1).path("epoch").asLong()).isEqualTo(epoch + 1);
        } finally {
            c.start();
        }
    }

    @Test
    void aLostLinkFencesTheSecondarySideAndThePrimaryGoesOnAlone() throws Exception {
        String aa = volume(c, "site-b", "active_active", true);
        String ap = volume(c, "site-b", "active_passive", true);
        long seq = lastSeq();

        cut("b-to-c", "c-to-b");
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> b.write(aa, 0, new byte[4096]).status() == 409);
            assertThat(c.write(aa, 4096, new byte[4096]).status()).isEqualTo(204);
            assertThat(c.write(ap, 0, new byte[4096]).status()).isEqualTo(204);
            JsonNode decision = decisionNaming(seq, aa);
            assertThat(decision.path("verdict").asText()).isEqualTo("link_lost");
            List<String> forAa = new ArrayList<>();
            decision.path("volumes").forEach(v -> {
                if (v.path("id").asText().equals(aa)) {
                    forAa.add(v.path("action").asText() + " on " + v.path("side").asText());
                }
            });
            assertThat(forAa).containsExactly("fenced on site-b", "promoted on site-c");
            assertThat(b.ok("GET", "/v1/volumes/" + aa, null).path("volume").path("fence").path("by").asText())
                    .isEqualTo("mediator");
        } finally {
            heal("b-to-c", "c-to-b");
        }
    }

    @Test
    void theMediatorsOwnPathCutActsOnNothing() throws Exception {
        String aa = volume(c, "site-b", "active_active", true);
        long seq = lastSeq();

        cut("m-to-c");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> decisionsAfter(seq).stream()
                    .anyMatch(d -> d.path("verdict").asText().equals("mediator_degraded")));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> decisionsAfter(seq)
                    .stream().allMatch(d -> d.path("volumes").isEmpty()));
            assertThat(role(b, aa)).isEqualTo("secondary");
            assertThat(b.write(aa, 0, new byte[4096]).status()).isEqualTo(204);
        } finally {
            heal("m-to-c");
        }
    }

    @Test
    void theSurvivorLostBeforeTheDeclaredLostSideWasReprotectedIsBothSidesUnsafe() throws Exception {
        String aa = volume(c, "site-b", "active_active", true);
        long seq = lastSeq();
        c.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "promoted".equals(actionOf(
                    decisionNaming(seq, aa), aa)));
        } finally {
            c.start();
        }
        // site-c is back and learns it was failed away from, but nobody reprotects it: it stays declared lost.
        await().atMost(Duration.ofSeconds(15)).until(() -> c.ok("GET", "/v1/volumes/" + aa, null).path("volume")
                .has("fence"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode pair = mediator.ok("GET", "/v1/health", null).path("pairs").path(0);
            return pair.path("verdict").asText().equals("healthy") && pair.path("held").asBoolean();
        });
        assertThat(mediator.ok("GET", "/v1/health", null).path("pairs").path(0).path("declared_lost").get(0)
                .asText()).isEqualTo("site-c");
        long before = lastSeq();

        b.kill();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> decisionsAfter(before).stream()
                    .anyMatch(d -> d.path("verdict").asText().equals("both_sides_unsafe")));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> c.ok("GET",
                    "/v1/volumes/" + aa, null).path("volume").has("fence"));
            assertThat(c.write(aa, 0, new byte[4096]).status()).isEqualTo(409);
            assertThat(decisionsAfter(before)).allMatch(d -> d.path("volumes").isEmpty());
        } finally {
            b.start();
        }
    }

    private static void cut(String... names) throws Exception {
        for (String name : names) {
            links.ok("PUT", "/links/" + name, Map.of("state", "blackhole"));
        }
    }

    private static void heal(String... names) throws Exception {
        for (String name : names) {
            links.ok("PUT", "/links/" + name, Map.of("state", "up"));
        }
    }

    private static List<JsonNode> decisionsAfter(long seq) throws Exception {
        List<JsonNode> after = new ArrayList<>();
        mediator.ok("GET", "/v1/decisions?after=" + seq, null).path("decisions").forEach(after::add);
        return after;
    }

    /** A volume created on {@code on} and paired (sync) with {@code peer}. */
    private static String volume(ServiceProcess on, String peer, String topology, boolean mediated) throws Exception {
        String id = "it-" + UUID.randomUUID();
        on.ok("POST", "/v1/volumes", Map.of("id", id, "size_bytes", SIZE));
        on.ok("POST", "/v1/volumes/" + id + "/pair", Map.of("peer", peer, "mode", "sync", "topology", topology,
                "mediator", mediated));
        return id;
    }

    private static String role(ServiceProcess on, String id) throws Exception {
        return on.ok("GET", "/v1/volumes/" + id, null).path("volume").path("role").asText();
    }

    /** Each volume that goes on alone on {@code array} takes its returned peer back as its secondary. */
    private static void reprotectWhatGoesOnAlone(ServiceProcess array) throws Exception {
        for (JsonNode v : array.ok("GET", "/v1/volumes", null).path("volumes")) {
            if (v.path("pair").path("peer_lost").asBoolean()) {
                String id = v.path("id").asText();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> array.call("POST", "/v1/volumes/" + id + "/reprotect", null).status() == 200);
            }
        }
    }

    private static long lastSeq() throws Exception {
        JsonNode decisions = mediator.ok("GET", "/v1/decisions?after=0", null).path("decisions");
        return decisions.isEmpty() ? 0 : decisions.get(decisions.size() - 1).path("seq").asLong();
    }

    private static List<JsonNode> decisionsNaming(long after, String volume) throws Exception {
        List<JsonNode> naming = new ArrayList<>();
        for (JsonNode d : mediator.ok("GET", "/v1/decisions?after=" + after, null).path("decisions")) {
            if (actionOf(d, volume) != null) {
                naming.add(d);
            }
        }
        return naming;
    }

    private static JsonNode decisionNaming(long after, String volume) throws Exception {
        List<JsonNode> naming = decisionsNaming(after, volume);
        return naming.isEmpty() ? null : naming.get(0);
    }

    private static JsonNode lastDecisionNaming(long after, String volume) throws Exception {
        List<JsonNode> naming = decisionsNaming(after, volume);
        return naming.isEmpty() ? null : naming.get(naming.size() - 1);
    }

    private static String actionOf(JsonNode decision, String volume) {
        if (decision == null) {
            return null;
        }
        for (JsonNode v : decision.path("volumes")) {
            if (v.path("id").asText().equals(volume)) {
                return v.path("action").asText();
            }
        }
        return null;
    }
}
