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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two reference arrays (site-b, site-c, each the other's peer) and the mediator, each a real process; a site is lost
 * by kill -9. The volumes' primaries are on site-c, as the drill's are (docs/sites.md section 7), except where a test
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
    private static ServiceProcess mediator;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "mediator-it-").toAbsolutePath();
        int portB = ServiceProcess.freePort();
        int portC = ServiceProcess.freePort();
        b = array("site-b", portB, "site-c", portC, root).start();
        c = array("site-c", portC, "site-b", portB, root).start();
        Assumptions.assumeTrue(b.call("GET", "/v1/health", null).status() == 200,
                "reference-array has no GET /v1/health yet (docs/sites.md step A4, branch h-array): the mediator"
                        + " cannot watch it");
        mediator = new ServiceProcess("mediator", "mediator.runner", ServiceProcess.freePort(), MEDIATOR_TOKEN,
                List.of("-Dmediator.arrays.site-b.url=http://127.0.0.1:" + portB,
                        "-Dmediator.arrays.site-b.token=" + ARRAY_TOKEN,
                        "-Dmediator.arrays.site-c.url=http://127.0.0.1:" + portC,
                        "-Dmediator.arrays.site-c.token=" + ARRAY_TOKEN,
                        "-Dmediator.pairs=site-b:site-c", "-Dmediator.poll-interval=200ms",
                        "-Dmediator.loss-after=" + LOSS_AFTER.toMillis() + "ms",
                        "-Dmediator.grace=" + GRACE.toSeconds() + "s", "-Dmediator.token=" + MEDIATOR_TOKEN,
                        "-Dmediator.data-dir=" + root.resolve("mediator")),
                "/v1/health").start();
    }

    private static ServiceProcess array(String name, int port, String peer, int peerPort, Path root) {
        return new ServiceProcess(name, "array.runner", port, ARRAY_TOKEN, List.of("-Darray.name=" + name,
                "-Darray.data-dir=" + root.resolve(name), "-Darray.admin.token=" + ARRAY_TOKEN,
                "-Darray.peers." + peer + ".url=http://127.0.0.1:" + peerPort, "-Darray.peer-timeout=1s",
                "-Darray.peer-probe=1s", "-Darray.ship-tick=100ms"), "/v1/volumes");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess process : new ServiceProcess[] {mediator, b, c}) {
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
        for (JsonNode v : decision.path("volumes")) {
            if (v.path("id").asText().equals(volume)) {
                return v.path("action").asText();
            }
        }
        return null;
    }
}
