package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two volume-service instances on one host, one per site (docs/sites.md section 3), both configuring every backend:
 * the suite's volume-service as instance site-b and a second process as site-c, on the suite's PostgreSQL, Kafka
 * and arrays. Each backend is run by the holder of its lease: {@code lease-b} and {@code capacity} live on site-b's
 * array (site-b's instance claims them first), {@code lease-c} and {@code fast} on site-c's. A create is executed once, by the holder; a failover whose
 * holder is paused (SIGSTOP) until the other instance has claimed the backend, or killed (kill -9), completes once:
 * exactly one result per volume, every volume failed over, and the paused holder's late work refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesIT {

    private static final String LEASE_B = "lease-b";
    private static final String LEASE_C = "lease-c";
    private static final int CHUNK = 10;
    /** Volumes of the failover the holder is killed in. */
    private static final int VOLUMES = 150;
    private static final Duration PROMPTLY = Duration.ofSeconds(90);

    static Suite suite;
    static ServiceProcess siteB;
    static ServiceProcess siteC;

    @BeforeAll
    static void startTwoInstances() {
        suite = Suite.get();
        siteB = suite.volume;
        siteC = suite.volumeC;
        siteB.stop();
        // Side by side, so that each claims the backend of its own site before the other may claim it too.
        siteB.launch(config("site-b"));
        siteC.launch(config("site-c"));
        siteB.awaitReady();
        siteC.awaitReady();
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(owner(LEASE_B)).isEqualTo("site-b");
            assertThat(owner("capacity")).isEqualTo("site-b");
            assertThat(owner(LEASE_C)).isEqualTo("site-c");
            assertThat(owner("fast")).isEqualTo("site-c");
        });
        // A backend is placed on once its holder has reported it (after its claim): as an operator would, wait
        // until the pools list shows both test backends before the first create.
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                Failovers.admin("3.0").get("/scheduler-stats/get_pools").then().statusCode(200)
                        .extract().<List<String>>path("pools.name"))
                .contains("node1@" + LEASE_B + "#bulk", "node1@" + LEASE_C + "#bulk"));
    }

    @AfterAll
    static void backToOneInstance() {
        siteC.stop();
        siteB.stop();
        siteB.start();
    }

    @Test
    @Order(1)
    void aCreateOnEachBackendIsExecutedOnceByItsHolder() throws Exception {
        // The suite's own backends (capacity on site-b's array, fast on site-c's), so that the failover tests'
        // backends hold only their own volumes.
        String onB = VolumeSliceIT.createVolume(VolumeSliceIT.createType("capacity"), 1);
        String onC = VolumeSliceIT.createVolume(VolumeSliceIT.createType("fast"), 1);
        await().atMost(PROMPTLY).until(() -> "available".equals(VolumeSliceIT.status(onB))
                && "available".equals(VolumeSliceIT.status(onC)));
        assertThat(siteB.logged("volume " + onB + ": creating on")).as("site-b creates on capacity").isTrue();
        assertThat(siteC.logged("volume " + onB + ": creating on")).as("site-c does not").isFalse();
        assertThat(siteC.logged("volume " + onC + ": creating on")).as("site-c creates on fast").isTrue();
        assertThat(siteB.logged("volume " + onC + ": creating on")).as("site-b does not").isFalse();
        assertThat(Failovers.count("select count(*) from volume.volume where id in ('" + onB + "', '" + onC + "')"))
                .isEqualTo(2);
    }

    @Test
    @Order(2)
    void aFailoverWhoseHolderIsPausedUntilTheOtherClaimsCompletesOnce() throws Exception {
        String host = "node1@" + LEASE_B;
        List<String> volumes = Failovers.replicatedVolumes(LEASE_B, 100);
        String failover = failoverBackend(host, "dr-lb");
        awaitChunksDone(failover);
        siteB.pause();
        try {
            // Paused for longer than the lease plus the margin: site-c, not the preferred instance, waits one more
            // lease, then claims the backend and records its epoch on both arrays.
            await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(250))
                    .until(() -> "site-c".equals(owner(LEASE_B)));
        } finally {
            siteB.resume();
        }
        Failovers.awaitState(failover, "completed", PROMPTLY);
        assertOnceEach(failover, volumes, LEASE_B);
        // Awake again, site-b finds its lease gone at its next renewal, and whatever it was doing is refused: by its
        // own clock (no call after its lease ran out), by the arrays (a stale epoch), or by the database (a result
        // recorded under a lost lease is rolled back).
        siteB.awaitLog("backend " + host + ": lease lost at epoch", PROMPTLY);
        assertThat(Stream.of("does not hold the lease of " + host, "staleController",
                "no longer holds the lease of " + host, host + ": lease not held").anyMatch(line -> logged(siteB, line)))
                .as("site-b's late work refused (see %s)", siteB.log()).isTrue();
    }

    @Test
    @Order(3)
    void aFailoverWhoseHolderIsKilledCompletesOnceOnTheOtherInstance() throws Exception {
        String host = "node1@" + LEASE_C;
        List<String> volumes = Failovers.replicatedVolumes(LEASE_C, VOLUMES);
        String failover = failoverBackend(host, "dr-lc");
        awaitChunksDone(failover);
        siteC.kill();
        assertThat(Failovers.count("select count(*) from volume.volume where backend = '" + LEASE_C
                + "' and replication_status = 'failed-over'")).as("killed during the failover").isLessThan(VOLUMES);
        Failovers.awaitState(failover, "completed", PROMPTLY);
        assertThat(owner(LEASE_C)).isEqualTo("site-b");
        assertOnceEach(failover, volumes, LEASE_C);
        siteB.awaitLog("backend " + host + ": claimed at epoch", Duration.ofSeconds(1));
    }

    /** The instance holding the backend's lease, as the shared table says. */
    private static String owner(String backend) throws Exception {
        return Failovers.string("select owner from volume.backend_lease where backend = 'node1@" + backend + "'");
    }

    private static boolean logged(ServiceProcess service, String text) {
        try {
            return service.logged(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitChunksDone(String operation) {
        await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(50)).until(() -> Failovers.count(
                "select coalesce(sum(volumes_done), 0) from volume.switch_work where operation_id = '" + operation
                        + "'") >= CHUNK);
    }

    private static String failoverBackend(String host, String target) {
        return Failovers.admin(Failovers.MICROVERSION).body("{\"failover\": {\"scope\": \"backend\","
                        + " \"resources\": [\"" + host + "\"], \"target\": \"" + target + "\"}}")
                .post("/replication/failover").then().statusCode(202).extract().path("operation.id");
    }

    /** One successful result per volume across the operation's events (once per event id), each failed over. */
    private static void assertOnceEach(String operation, List<String> volumes, String backend) throws Exception {
        List<String> answered = new ArrayList<>();
        for (JsonNode switched : Failovers.eventsOf("volume.events", "volume.switched.v1", operation)) {
            switched.path("results").forEach(result -> {
                assertThat(result.path("error").isNull() || result.path("error").isMissingNode())
                        .as("result of " + result).isTrue();
                answered.add(result.path("volumeId").asText());
            });
        }
        assertThat(answered).as("one result per volume").containsExactlyInAnyOrderElementsOf(volumes);
        assertThat(Failovers.count("select count(*) from volume.volume where backend = '" + backend
                + "' and replication_status = 'failed-over'")).isEqualTo(volumes.size());
    }

    /**
     * The instance's command line: its name and site, and the two test backends, each replicating as a whole to
     * the other site's array, a failover call taking a second per chunk so that the faults land mid-operation.
     */
    private static String[] config(String site) {
        return Stream.of(Stream.of("-Dvolume.instance=" + site, "-Dvolume.site=" + site,
                                "-Dvolume.switch-work.chunk-size=" + CHUNK),
                        Failovers.replicatingBackend(LEASE_C, "dr-lc", Duration.ofSeconds(1)),
                        Failovers.replicatingBackend(LEASE_B, "dr-lb", Duration.ofSeconds(1))
                                .map(p -> p.replace(".array=site-c", ".array=site-x")
                                        .replace(".array=site-b", ".array=site-c")
                                        .replace(".array=site-x", ".array=site-b")))
                .flatMap(s -> s).toArray(String[]::new);
    }
}
