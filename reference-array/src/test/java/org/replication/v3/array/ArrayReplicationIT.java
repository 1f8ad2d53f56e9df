package org.replication.v3.array;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two reference arrays as real processes (site-a and site-b, each the other's peer), driven over their HTTP APIs.
 * Each test works on volumes of its own; the tests that kill an array start it again on the same data directory
 * before they end, so the others find both up.
 */
class ArrayReplicationIT {

    private static final long SIZE = 4L << 20;
    private static ArrayProcess a;
    private static ArrayProcess b;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "arrays-");
        int portA = ArrayProcess.freePort();
        int portB = ArrayProcess.freePort();
        a = new ArrayProcess("site-a", portA, root.resolve("site-a").toAbsolutePath(), Map.of("site-b", portB));
        b = new ArrayProcess("site-b", portB, root.resolve("site-b").toAbsolutePath(), Map.of("site-a", portA));
        a.start();
        b.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void syncWriteIsOnBothArraysDisksWhenAcknowledged() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "topology", "active_passive"));
        byte[] bytes = random(1 << 20);

        assertThat(a.write(id, 4096 + 7, bytes).status()).isEqualTo(204);

        assertThat(a.onDisk(id, 4096 + 7, bytes.length)).isEqualTo(bytes);
        assertThat(b.onDisk(id, 4096 + 7, bytes.length)).isEqualTo(bytes);
        assertThat(b.read(id, 4096 + 7, bytes.length).body()).isEqualTo(bytes);
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
        ArrayProcess.Answer passive = b.write(id, 0, new byte[] {1});
        assertThat(passive.status()).isEqualTo(409);
        assertThat(passive.text()).contains("secondary on site-b");
    }

    @Test
    void activeActiveTakesWritesOnBothSidesEachOnBothDisks() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "topology", "active_active"));
        byte[] onA = random(8192);
        byte[] onB = random(8192);

        assertThat(a.write(id, 0, onA).status()).isEqualTo(204);
        assertThat(b.write(id, 65536, onB).status()).isEqualTo(204);

        assertThat(b.onDisk(id, 0, onA.length)).isEqualTo(onA);
        assertThat(a.onDisk(id, 65536, onB.length)).isEqualTo(onB);
        assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
        assertThat(b.volume(id).path("serving").asBoolean()).isTrue();
        assertThat(b.call("POST", "/v1/volumes/" + id + "/demote", null).status()).isEqualTo(409);
        assertThat(a.call("POST", "/v1/volumes/" + id + "/demote", null).status()).isEqualTo(409);
    }

    @Test
    void activeActiveSurvivorServesAloneOnceDeclaredSoAndTheOtherSideIsFencedWhenItReturns() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "topology", "active_active"));
        b.kill();
        try {
            assertThat(a.write(id, 0, random(4096)).status()).isEqualTo(503);
            // The mediator's decision on a site loss: site-a keeps the volume, at a higher generation.
            // site-a sorts first in its pair, so it promotes to odd generations.
            assertThat(a.call("POST", "/v1/volumes/" + id + "/promote", Map.of("generation", 3)).status())
                    .isEqualTo(200);
            assertThat(a.write(id, 4096, random(4096)).status()).isEqualTo(204);
        } finally {
            b.start();
        }

        ArrayProcess.Answer refused = b.write(id, 8192, random(4096));
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(b.volume(id).path("serving").asBoolean()).isFalse();

        assertThat(a.call("POST", "/v1/volumes/" + id + "/reprotect", null).status()).isEqualTo(200);
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
        byte[] again = random(4096);
        assertThat(b.write(id, 8192, again).status()).isEqualTo(204);
        assertThat(a.onDisk(id, 8192, again.length)).isEqualTo(again);
    }

    @Test
    void extendingAPairedVolumeGrowsItsReplicaFirst() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));

        ArrayProcess.Answer extended = a.call("POST", "/v1/volumes/" + id + "/extend", Map.of("size_bytes",
                2 * SIZE));

        assertThat(extended.status()).as(extended.text()).isEqualTo(200);
        assertThat(b.volume(id).path("size_bytes").asLong()).isEqualTo(2 * SIZE);
        byte[] tail = random(4096);
        assertThat(a.write(id, 2 * SIZE - tail.length, tail).status()).isEqualTo(204);
        assertThat(b.onDisk(id, 2 * SIZE - tail.length, tail.length)).isEqualTo(tail);
    }

    @Test
    void aBatchCreateAndPairMakesEachVolumeAndItsReplicaOnceAndARepeatChangesNothing() throws Exception {
        String v1 = "vol-" + UUID.randomUUID();
        String v2 = "vol-" + UUID.randomUUID();
        String existing = volume(a);
        byte[] bytes = random(10_000);
        assertThat(a.write(existing, 0, bytes).status()).isEqualTo(204);
        List<Map<String, Object>> volumes = List.of(Map.of("id", v1, "size_bytes", SIZE, "pool", "bulk"),
                Map.of("id", v2, "size_bytes", SIZE), Map.of("id", existing, "size_bytes", SIZE),
                Map.of("id", "vol-" + UUID.randomUUID(), "size_bytes", -1));

        JsonNode created = a.call("POST", "/v1/volumes:create", Map.of("volumes", volumes)).json().path("volumes");

        assertThat(created).hasSize(4);
        assertThat(created.get(0).path("ok").asBoolean()).isTrue();
        assertThat(created.get(0).path("created").asBoolean()).isTrue();
        assertThat(created.get(2).path("ok").asBoolean()).isTrue();
        assertThat(created.get(2).path("created").asBoolean()).isFalse();
        assertThat(created.get(3).path("ok").asBoolean()).isFalse();
        assertThat(created.get(3).path("error").path("code").asInt()).isEqualTo(400);
        assertThat(a.volume(v1).path("pool").asText()).isEqualTo("bulk");

        List<Map<String, Object>> pairs = List.of(Map.of("id", v1, "peer", "site-b", "mode", "sync"),
                Map.of("id", v2, "peer", "site-b", "mode", "async", "rpo_seconds", 30),
                Map.of("id", existing, "peer", "site-b", "mode", "sync"),
                Map.of("id", "vol-absent", "peer", "site-b", "mode", "sync"));
        JsonNode paired = a.call("POST", "/v1/volumes:pair", Map.of("volumes", pairs)).json().path("volumes");

        assertThat(paired).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(paired.get(i).path("ok").asBoolean()).as(paired.get(i).toString()).isTrue();
        }
        assertThat(paired.get(3).path("error").path("code").asInt()).isEqualTo(404);
        assertThat(b.volume(v1).path("role").asText()).isEqualTo("secondary");
        assertThat(b.volume(v2).path("pair").path("mode").asText()).isEqualTo("async");
        assertThat(a.volume(v1).path("pair").path("peer").asText()).isEqualTo("site-b");
        // A volume holding data before its pair is copied whole, as a pair made alone copies it.
        assertThat(b.onDisk(existing, 0, bytes.length)).isEqualTo(bytes);

        // The calls repeated (a driver retrying after a crash) find everything done and change nothing.
        JsonNode again = a.call("POST", "/v1/volumes:create", Map.of("volumes", volumes.subList(0, 2))).json()
                .path("volumes");
        assertThat(again.get(0).path("created").asBoolean()).isFalse();
        JsonNode pairedAgain = a.call("POST", "/v1/volumes:pair", Map.of("volumes", pairs.subList(0, 2))).json()
                .path("volumes");
        assertThat(pairedAgain.get(0).path("ok").asBoolean()).isTrue();
        assertThat(pairedAgain.get(1).path("ok").asBoolean()).isTrue();
        // Paired otherwise, a volume is refused rather than paired twice.
        JsonNode other = a.call("POST", "/v1/volumes:pair", Map.of("volumes", List.of(Map.of("id", v1, "peer",
                "site-b", "mode", "async", "rpo_seconds", 30)))).json().path("volumes");
        assertThat(other.get(0).path("error").path("code").asInt()).isEqualTo(409);
        // Written after the batch pair, a sync volume's write is on both arrays.
        assertThat(a.write(v1, 0, bytes).status()).isEqualTo(204);
        assertThat(b.onDisk(v1, 0, bytes.length)).isEqualTo(bytes);
    }

    @Test
    void existingDataIsCopiedWhenThePairIsCreated() throws Exception {
        String id = volume(a);
        byte[] bytes = random(300_000);
        assertThat(a.write(id, SIZE - bytes.length, bytes).status()).isEqualTo(204);

        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));

        assertThat(b.onDisk(id, SIZE - bytes.length, bytes.length)).isEqualTo(bytes);
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
    }

    @Test
    void restartOnTheSameDataDirRestoresVolumesPairsRolesAndGenerationsExactly() throws Exception {
        String plain = volume(a);
        String sync = volume(a);
        pair(a, sync, Map.of("peer", "site-b", "mode", "sync", "topology", "active_active"));
        String async = volume(a);
        pair(a, async, Map.of("peer", "site-b", "mode", "async", "rpo_seconds", 60));
        String promoted = volume(a);
        pair(a, promoted, Map.of("peer", "site-b", "mode", "sync"));
        assertThat(b.call("POST", "/v1/volumes/" + promoted + "/promote", Map.of()).status()).isEqualTo(200);
        assertThat(a.write(plain, 0, random(10_000)).status()).isEqualTo(204);
        assertThat(a.write(async, 8192, random(10_000)).status()).isEqualTo(204);
        Map<String, JsonNode> beforeA = Map.of(plain, comparable(a.volume(plain)), sync, comparable(a.volume(sync)),
                async, settled(a.volume(async)), promoted, comparable(a.volume(promoted)));
        Map<String, JsonNode> beforeB = Map.of(sync, comparable(b.volume(sync)), async, comparable(b.volume(async)),
                promoted, comparable(b.volume(promoted)));
        assertThat(a.volume(async).path("pair").path("pending_bytes").asLong()).isPositive();
        assertThat(b.checksum(async)).isNotEqualTo(a.checksum(async));
        String plainSum = a.checksum(plain);
        String asyncSum = a.checksum(async);
        assertThat(beforeA.get(promoted).path("fence").path("generation").asLong()).isEqualTo(2);
        assertThat(beforeB.get(promoted).path("role").asText()).isEqualTo("primary");

        a.kill();
        b.kill();
        a.start();
        b.start();

        for (var volume : beforeA.entrySet()) {
            JsonNode after = volume.getKey().equals(async) ? settled(a.volume(async)) : comparable(a.volume(
                    volume.getKey()));
            assertThat(after).as(volume.getKey()).isEqualTo(volume.getValue());
        }
        for (var volume : beforeB.entrySet()) {
            assertThat(comparable(b.volume(volume.getKey()))).as(volume.getKey()).isEqualTo(volume.getValue());
        }
        assertThat(a.checksum(plain)).isEqualTo(plainSum);
        assertThat(a.checksum(async)).isEqualTo(asyncSum);
        assertThat(a.write(promoted, 0, new byte[] {1}).status()).isEqualTo(409);
        // The async write was never shipped before the kill: the restored change log ships it now.
        awaitInSync(async, Duration.ofSeconds(15));
        assertThat(b.checksum(async)).isEqualTo(asyncSum);
    }

    @Test
    void promotingTheSecondaryWithThePeerReachableFencesTheOldPrimaryAtOnce() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));

        // site-b sorts second in its pair, so it promotes to even generations; an odd one is refused.
        assertThat(b.call("POST", "/v1/volumes/" + id + "/promote", Map.of("generation", 5)).status())
                .isEqualTo(400);
        JsonNode promote = b.call("POST", "/v1/volumes/" + id + "/promote", Map.of("generation", 6)).json();

        assertThat(promote.path("volume").path("generation").asLong()).isEqualTo(6);
        assertThat(promote.path("volume").path("role").asText()).isEqualTo("primary");
        ArrayProcess.Answer refused = a.write(id, 0, new byte[] {1});
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("fenced").path("message").asText()).contains("fenced on site-a")
                .contains("generation 6");
        assertThat(b.write(id, 0, new byte[] {2}).status()).isEqualTo(204);
    }

    @Test
    void oldPrimaryReturningAfterAFailoverIsFencedOnceItLearnsTheGenerationThenReprotectAndFailback()
            throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        byte[] first = random(50_000);
        assertThat(a.write(id, 0, first).status()).isEqualTo(204);

        a.kill();
        JsonNode promote = b.call("POST", "/v1/volumes/" + id + "/promote", Map.of()).json();
        assertThat(promote.path("peer_reached").asBoolean()).isFalse();
        assertThat(promote.path("volume").path("generation").asLong()).isEqualTo(2);
        byte[] second = random(20_000);
        assertThat(b.write(id, 100_000, second).status()).isEqualTo(204);
        a.start();

        // The old primary still thinks it is primary at generation 1; its first write reaches the peer, which
        // answers with generation 2: the write is refused and the volume fenced here from then on.
        assertThat(a.volume(id).path("role").asText()).isEqualTo("primary");
        ArrayProcess.Answer refused = a.write(id, 0, new byte[] {9});
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("generation 2");
        assertThat(a.volume(id).path("fence").path("generation").asLong()).isEqualTo(2);
        assertThat(a.write(id, 0, new byte[] {9}).status()).isEqualTo(409);

        JsonNode reprotect = b.call("POST", "/v1/volumes/" + id + "/reprotect", null).json();
        assertThat(reprotect.path("copied_blocks").asInt()).isPositive();
        assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
        assertThat(a.volume(id).path("role").asText()).isEqualTo("secondary");
        assertThat(a.volume(id).has("fence")).isFalse();

        // Failback: a planned switch, nothing lost, the peer stays an in-sync secondary.
        assertThat(b.call("POST", "/v1/volumes/" + id + "/demote", null).status()).isEqualTo(200);
        JsonNode failback = a.call("POST", "/v1/volumes/" + id + "/promote", Map.of()).json();
        assertThat(failback.path("planned").asBoolean()).isTrue();
        assertThat(failback.path("volume").path("generation").asLong()).isEqualTo(3);
        byte[] third = random(4096);
        assertThat(a.write(id, 8192, third).status()).isEqualTo(204);
        assertThat(b.onDisk(id, 8192, third.length)).isEqualTo(third);
        assertThat(b.onDisk(id, 100_000, second.length)).isEqualTo(second);
        assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
    }

    @Test
    void anIdleOldPrimaryLearnsTheHigherGenerationFromItsPeerWithoutAWrite() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        a.kill();
        try {
            assertThat(b.call("POST", "/v1/volumes/" + id + "/promote", Map.of()).status()).isEqualTo(200);
        } finally {
            a.start();
        }

        Instant deadline = Instant.now().plusSeconds(10);
        while (!a.volume(id).has("fence")) {
            assertThat(Instant.now()).as("site-a fenced by its peer probe within 10 s").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(a.volume(id).path("fence").path("generation").asLong()).isEqualTo(2);
        assertThat(a.volume(id).path("serving").asBoolean()).isFalse();
        assertThat(a.write(id, 0, new byte[] {1}).status()).isEqualTo(409);
    }

    @Test
    void syncWriteWithThePeerDownFailsUntilThePeerIsDeclaredLostAndResyncCopiesOnlyTheLoggedBlocks()
            throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        b.kill();
        try {
            ArrayProcess.Answer unacknowledged = a.write(id, 0, random(4096));
            assertThat(unacknowledged.status()).isEqualTo(503);
            assertThat(unacknowledged.text()).contains("not acknowledged");

            // The mediator's (or an operator's) decision: site-a stays primary at a new generation, site-b is lost.
            JsonNode stay = a.call("POST", "/v1/volumes/" + id + "/promote", Map.of("generation", 3)).json();
            assertThat(stay.path("volume").path("pair").path("peer_lost").asBoolean()).isTrue();
            assertThat(a.write(id, 3 * 4096, random(4096)).status()).isEqualTo(204);
            assertThat(a.volume(id).path("pair").path("pending_bytes").asLong()).isEqualTo(2 * 4096);
        } finally {
            b.start();
        }
        JsonNode reprotect = a.call("POST", "/v1/volumes/" + id + "/reprotect", null).json();
        assertThat(reprotect.path("copied_blocks").asInt()).isEqualTo(2);
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
        assertThat(b.volume(id).path("generation").asLong()).isEqualTo(3);
        byte[] after = random(4096);
        assertThat(a.write(id, 0, after).status()).isEqualTo(204);
        assertThat(b.onDisk(id, 0, after.length)).isEqualTo(after);
    }

    @Test
    void asyncLagIsReportedAndShippingCatchesUp() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "async", "rpo_seconds", 2));
        assertThat(a.write(id, 0, random(100_000)).status()).isEqualTo(204);
        JsonNode pending = a.volume(id).path("pair");
        assertThat(pending.path("pending_bytes").asLong()).isPositive();
        assertThat(pending.has("lag_seconds")).isTrue();

        awaitInSync(id, Duration.ofSeconds(10));
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));

        b.kill();
        try {
            assertThat(a.write(id, 200_000, random(10_000)).status()).isEqualTo(204);
            Instant deadline = Instant.now().plusSeconds(10);
            while (a.volume(id).path("pair").path("lag_seconds").asDouble() <= 2.0) {
                assertThat(Instant.now()).as("the lag grows past 2 s with the peer down").isBefore(deadline);
                Thread.sleep(100);
            }
            JsonNode behind = a.volume(id).path("pair");
            assertThat(behind.path("in_sync").asBoolean()).isFalse();
            assertThat(behind.path("lag_seconds").asDouble()).isGreaterThan(2.0);
        } finally {
            b.start();
        }
        awaitInSync(id, Duration.ofSeconds(15));
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
        assertThat(a.volume(id).path("pair").path("lag_seconds").asDouble()).isZero();
        assertThat(b.volume(id).path("pair").path("last_consistent_at").asText()).isNotEmpty();
    }

    @Test
    void badInputGetsAClear400AndChangesNothing() throws Exception {
        String id = volume(a);
        byte[] bytes = random(4096);
        assertThat(a.write(id, 0, bytes).status()).isEqualTo(204);
        JsonNode before = a.volume(id);
        String sum = a.checksum(id);

        expect400(a.call("POST", "/v1/volumes", Map.of("id", "x", "size_bytes", -1)), "size_bytes");
        expect400(a.call("POST", "/v1/volumes", Map.of("id", "../etc", "size_bytes", 4096)), "volume id");
        expect400(a.call("POST", "/v1/volumes", "{not json"), "JSON");
        expect400(a.call("POST", "/v1/volumes", "{\"id\": \"x\", \"size_bytes\": \"many\"}"), "JSON");
        expect400(a.call("POST", "/v1/volumes/" + id + "/pair", Map.of("peer", "site-b", "mode", "semi")),
                "mode must be sync or async");
        expect400(a.call("POST", "/v1/volumes/" + id + "/pair", Map.of("peer", "site-b", "mode", "async")),
                "rpo_seconds");
        expect400(a.call("POST", "/v1/volumes/" + id + "/pair", Map.of("peer", "site-z", "mode", "sync")),
                "peer must be one of");
        expect400(a.call("POST", "/v1/volumes/" + id + "/extend", Map.of("size_bytes", 10)), "only grows");
        expect400(a.write(id, SIZE - 10, random(100)), "beyond the end");
        expect400(a.read(id, 0, 0), "length must be");
        expect400(a.read(id, 0, (64L << 20) + 1), "64 MiB");
        expect400(a.call("GET", "/v1/volumes/" + id + "/data?offset=abc&length=1", null), "offset must be");
        expect400(a.call("POST", "/v1/volumes/" + id + "/fence", Map.of()), "generation is required");

        assertThat(a.volume(id)).isEqualTo(before);
        assertThat(a.call("GET", "/v1/volumes/x", null).status()).isEqualTo(404);
        assertThat(Files.exists(a.dataDir.resolve("volumes").resolve("x"))).isFalse();
        assertThat(a.checksum(id)).isEqualTo(sum);
        assertThat(a.volume(id).has("pair")).isFalse();
    }

    @Test
    void createAndDeleteAreIdempotentByVolumeId() throws Exception {
        String id = "vol-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("id", id, "size_bytes", SIZE);
        assertThat(a.call("POST", "/v1/volumes", body).status()).isEqualTo(201);
        assertThat(a.call("POST", "/v1/volumes", body).status()).isEqualTo(200);
        assertThat(a.call("POST", "/v1/volumes", Map.of("id", id, "size_bytes", 2 * SIZE)).status())
                .isEqualTo(409);
        assertThat(a.call("DELETE", "/v1/volumes/" + id, null).status()).isEqualTo(204);
        assertThat(a.call("DELETE", "/v1/volumes/" + id, null).status()).isEqualTo(204);
        assertThat(a.call("GET", "/v1/volumes/" + id, null).status()).isEqualTo(404);
        assertThat(Files.exists(a.dataDir.resolve("volumes").resolve(id))).isFalse();
    }

    // ---- A1: pools, stats, filters, batch actions, controller epochs ----

    @Test
    void poolsAreCountedInStatsAndTheListFiltersByIdsPairedAndFields() throws Exception {
        String pool = "pool-" + UUID.randomUUID();
        String gold = volumeIn(a, pool);
        String silver = volumeIn(a, pool);
        pair(a, silver, Map.of("peer", "site-b", "mode", "sync"));
        String plain = volume(a);

        JsonNode stats = a.call("GET", "/v1/stats", null).json();
        assertThat(stats.path("array").asText()).isEqualTo("site-a");
        assertThat(stats.path("pools").path(pool).path("allocated_bytes").asLong()).isEqualTo(2 * SIZE);
        assertThat(stats.path("pools").path(pool).path("volumes").asLong()).isEqualTo(2);
        assertThat(stats.path("pools").path("").path("volumes").asLong()).isPositive();
        long sum = 0;
        for (JsonNode p : stats.path("pools")) {
            sum += p.path("allocated_bytes").asLong();
        }
        assertThat(stats.path("allocated_bytes").asLong()).isEqualTo(sum);
        assertThat(a.volume(gold).path("pool").asText()).isEqualTo(pool);

        JsonNode some = a.call("GET", "/v1/volumes?ids=" + gold + "," + plain + ",vol-unknown", null).json();
        assertThat(some.path("volumes")).extracting(v -> v.path("id").asText()).containsExactlyInAnyOrder(gold,
                plain);
        assertThat(some.path("volumes").get(0)).isEqualTo(a.volume(some.path("volumes").get(0).path("id")
                .asText()));
        JsonNode paired = a.call("GET", "/v1/volumes?paired=true&fields=id,generation,serving", null).json();
        assertThat(paired.path("volumes")).extracting(v -> v.path("id").asText()).contains(silver)
                .doesNotContain(gold, plain);
        JsonNode one = paired.path("volumes").get(0);
        assertThat(one.size()).isEqualTo(3);
        assertThat(one.has("generation") && one.has("serving")).isTrue();
    }

    @Test
    void aBatchOf250IsOneCallEachWayWithOneEntryPerVolumeInOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String id = volume(a);
            pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
            ids.add(id);
        }
        List<Map<String, Object>> some = new ArrayList<>(ids.stream().map(id -> Map.<String, Object>of("id", id))
                .toList());
        some.add(1, Map.of("id", "vol-unknown"));

        // Planned switch of all 250: demote on site-a, promote on site-b (by the operator), one call each.
        JsonNode demoted = a.call("POST", "/v1/volumes:demote", Map.of("volumes", some)).json();
        JsonNode promoted = b.call("POST", "/v1/volumes:promote", Map.of("volumes", some, "by", "operator",
                "decision_id", "d-1")).json();

        for (JsonNode answer : List.of(demoted, promoted)) {
            assertThat(answer.path("volumes").size()).isEqualTo(251);
            JsonNode unknown = answer.path("volumes").get(1);
            assertThat(unknown.path("id").asText()).isEqualTo("vol-unknown");
            assertThat(unknown.path("ok").asBoolean()).isFalse();
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(404);
            assertThat(unknown.path("error").path("kind").asText()).isEqualTo("notFound");
        }
        for (int i = 0; i < 250; i++) {
            JsonNode entry = promoted.path("volumes").get(i < 1 ? i : i + 1);
            assertThat(entry.path("id").asText()).isEqualTo(ids.get(i));
            assertThat(entry.path("ok").asBoolean()).as(entry.toString()).isTrue();
            assertThat(entry.path("role").asText()).isEqualTo("primary");
            assertThat(entry.path("serving").asBoolean()).isTrue();
            assertThat(entry.path("generation").asLong()).isEqualTo(2);
            // Every key of the contract is there, null when nothing applies.
            assertThat(entry.has("error") && entry.get("error").isNull()).isTrue();
            assertThat(entry.has("fence") && entry.get("fence").isNull()).isTrue();
            assertThat(entry.has("at_risk_bytes") && entry.has("consistent_at") && entry.has("at_risk_as_of")
                    && entry.has("at_risk_blocks") && entry.has("lag_at_loss_seconds")).isTrue();
        }
        ArrayProcess.Answer list = b.call("GET", "/v1/volumes?ids=" + String.join(",", ids), null);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        JsonNode listed = list.json();
        assertThat(listed.path("volumes").size()).isEqualTo(250);
        assertThat(listed.path("volumes")).allSatisfy(v -> assertThat(v.path("role").asText()).isEqualTo("primary"));
        JsonNode onB = b.volume(ids.get(7));
        assertThat(onB.path("promoted_by").asText()).isEqualTo("operator");
        assertThat(onB.path("pair").path("in_sync").asBoolean()).isTrue();
        assertThat(a.volume(ids.get(7)).path("role").asText()).isEqualTo("secondary");
        assertThat(a.volume(ids.get(7)).path("generation").asLong()).isEqualTo(2);
        byte[] bytes = random(4096);
        assertThat(b.write(ids.get(7), 0, bytes).status()).isEqualTo(204);
        assertThat(a.onDisk(ids.get(7), 0, bytes.length)).isEqualTo(bytes);

        // The mediator fences two on site-b: they refuse writes, and the fence says who.
        JsonNode fenced = b.call("POST", "/v1/volumes:fence", Map.of("volumes", List.of(Map.of("id", ids.get(0),
                "generation", 5), Map.of("id", ids.get(1), "generation", 1)), "by", "mediator")).json();
        JsonNode first = fenced.path("volumes").get(0);
        assertThat(first.path("ok").asBoolean()).isTrue();
        assertThat(first.path("serving").asBoolean()).isFalse();
        assertThat(first.path("fence").path("by").asText()).isEqualTo("mediator");
        assertThat(first.path("fence").path("generation").asLong()).isEqualTo(5);
        JsonNode second = fenced.path("volumes").get(1);
        assertThat(second.path("ok").asBoolean()).isFalse();
        assertThat(second.path("error").path("kind").asText()).isEqualTo("fenced");
        assertThat(second.path("serving").asBoolean()).isTrue();
        assertThat(b.write(ids.get(0), 0, bytes).status()).isEqualTo(409);
        assertThat(b.volume(ids.get(0)).path("fence").path("by").asText()).isEqualTo("mediator");

        expect400(b.call("POST", "/v1/volumes:promote", Map.of("volumes", List.of(Map.of("generation", 2)))),
                "has no id");
        expect400(b.call("POST", "/v1/volumes:demote", Map.of()), "volumes is required");
    }

    @Test
    void aStaleControllerEpochIsRefusedBeforeAnythingChangesAndEpochsSurviveKill9() throws Exception {
        String key = "node1@fast-" + UUID.randomUUID();
        assertThat(a.call("PUT", "/v1/controllers/" + key, Map.of("epoch", 7)).status()).isEqualTo(200);
        assertThat(a.call("PUT", "/v1/controllers/" + key, Map.of("epoch", 7)).status()).isEqualTo(200);

        String id = "vol-" + UUID.randomUUID();
        ArrayProcess.Answer stale = a.call("POST", "/v1/volumes", Map.of("id", id, "size_bytes", SIZE),
                Map.of("X-Controller", key, "X-Controller-Epoch", "6"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("staleController").path("code").asInt()).isEqualTo(409);
        assertThat(stale.json().path("staleController").path("message").asText()).contains("epoch 7");
        assertThat(a.call("GET", "/v1/volumes/" + id, null).status()).isEqualTo(404);

        assertThat(a.call("POST", "/v1/volumes", Map.of("id", id, "size_bytes", SIZE), Map.of("X-Controller", key,
                "X-Controller-Epoch", "8")).status()).isEqualTo(201);
        assertThat(a.call("PUT", "/v1/controllers/" + key, Map.of("epoch", 7)).json().path("staleController")
                .path("code").asInt()).isEqualTo(409);
        ArrayProcess.Answer batch = a.call("POST", "/v1/volumes:promote", Map.of("volumes", List.of(Map.of("id",
                id))), Map.of("X-Controller", key, "X-Controller-Epoch", "7"));
        assertThat(batch.status()).isEqualTo(409);
        assertThat(batch.json().has("staleController")).isTrue();

        a.kill();
        a.start();

        assertThat(a.call("GET", "/v1/controllers", null).json().path("controllers")).anySatisfy(c -> {
            assertThat(c.path("key").asText()).isEqualTo(key);
            assertThat(c.path("epoch").asLong()).isEqualTo(8);
        });
        assertThat(a.call("DELETE", "/v1/volumes/" + id, null, Map.of("X-Controller", key, "X-Controller-Epoch",
                "7")).status()).isEqualTo(409);
        assertThat(a.call("GET", "/v1/volumes/" + id, null).status()).isEqualTo(200);
        assertThat(a.call("DELETE", "/v1/volumes/" + id, null, Map.of("X-Controller", key, "X-Controller-Epoch",
                "8")).status()).isEqualTo(204);
    }

    // ---- A3: generation parity ----

    @Test
    void twoPromotesDuringAPartitionNeverTieAndOnHealExactlyOneSideServes() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        int deadPort = ArrayProcess.freePort();
        b.kill();
        try {
            // site-a, cut off from site-b, goes on alone (an operator's or the mediator's decision).
            JsonNode onA = a.call("POST", "/v1/volumes/" + id + "/promote", Map.of("peer_lost", true,
                    "by", "operator")).json();
            assertThat(onA.path("volume").path("generation").asLong()).isEqualTo(3);
            a.kill();
            // site-b, cut off from site-a, is promoted too (a forced failover on the other side).
            b.start(Map.of("site-a", deadPort));
            JsonNode onB = b.call("POST", "/v1/volumes/" + id + "/promote", Map.of("by", "operator")).json();
            assertThat(onB.path("volume").path("generation").asLong()).isEqualTo(2);
            assertThat(b.write(id, 0, random(4096)).status()).isEqualTo(204);
        } finally {
            a.start();
            b.kill();
            b.start(Map.of("site-a", a.port));
        }
        // Healed: the peer probe tells site-b of generation 3.
        Instant deadline = Instant.now().plusSeconds(15);
        while (b.volume(id).path("serving").asBoolean()) {
            assertThat(Instant.now()).as("site-b fenced within 15 s of the heal").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(b.volume(id).path("fence").path("generation").asLong()).isEqualTo(3);
        assertThat(a.volume(id).path("serving").asBoolean()).isTrue();
        assertThat(b.write(id, 0, random(4096)).status()).isEqualTo(409);
        assertThat(a.write(id, 0, random(4096)).status()).isEqualTo(204);
    }

    // ---- A4: health, mediator, go on alone, sync hold, data at risk ----

    @Test
    void healthReportsThePeerHeartbeatAndPairsSayWhenThePeerWasLost() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "mediator", true));
        assertThat(a.volume(id).path("pair").path("mediator").asBoolean()).isTrue();
        assertThat(b.volume(id).path("pair").path("mediator").asBoolean()).isTrue();
        JsonNode health = a.call("GET", "/v1/health", null).json();
        assertThat(health.path("array").asText()).isEqualTo("site-a");
        String boot = health.path("boot_id").asText();
        assertThat(boot).isNotEmpty();
        awaitPeer(a, true);
        assertThat(a.call("GET", "/v1/health", null).json().path("peers").path("site-b").path("last_contact_at")
                .asText()).isNotEmpty();
        assertThat(a.volume(id).path("pair").path("peer_lost_since").isMissingNode()).isTrue();

        b.kill();
        try {
            awaitPeer(a, false);
            assertThat(Instant.parse(a.volume(id).path("pair").path("peer_lost_since").asText()))
                    .isBefore(Instant.now());
        } finally {
            b.start();
        }
        awaitPeer(a, true);
        assertThat(b.call("GET", "/v1/health", null).json().path("boot_id").asText()).isNotEqualTo(
                a.call("GET", "/v1/health", null).json().path("boot_id").asText());
        assertThat(a.call("GET", "/v1/health", null).json().path("boot_id").asText()).isEqualTo(boot);
    }

    @Test
    void aMediatedSyncWriteIsHeldUntilThePromoteThatGoesOnAloneAndFailsWithoutOne() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "topology", "active_active", "mediator", true));
        b.kill();
        try {
            Instant start = Instant.now();
            ArrayProcess.Answer failed = a.write(id, 0, random(4096));
            assertThat(failed.status()).isEqualTo(503);
            assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(2900));

            byte[] bytes = random(4096);
            CompletableFuture<ArrayProcess.Answer> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return a.write(id, 8192, bytes);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1000);
            assertThat(held).isNotDone();
            JsonNode alone = a.call("POST", "/v1/volumes:promote", Map.of("volumes", List.of(Map.of("id", id)),
                    "by", "mediator", "peer_lost", true, "decision_id", "d-7")).json().path("volumes").get(0);
            assertThat(alone.path("ok").asBoolean()).isTrue();
            assertThat(alone.path("generation").asLong()).isEqualTo(3);
            assertThat(held.get(5, TimeUnit.SECONDS).status()).isEqualTo(204);
            assertThat(a.onDisk(id, 8192, bytes.length)).isEqualTo(bytes);
            JsonNode pair = a.volume(id).path("pair");
            assertThat(pair.path("peer_lost").asBoolean()).isTrue();
            assertThat(pair.path("pending_bytes").asLong()).isEqualTo(2 * 4096);
            assertThat(a.volume(id).path("promoted_by").asText()).isEqualTo("mediator");
            assertThat(a.write(id, 4096, random(4096)).status()).isEqualTo(204);
        } finally {
            b.start();
        }
        assertThat(a.call("POST", "/v1/volumes/" + id + "/reprotect", null).status()).isEqualTo(200);
        assertThat(b.checksum(id)).isEqualTo(a.checksum(id));
    }

    @Test
    void aBatchReprotectOf200AfterAFailoverCopiesWhatEitherSideChangedAloneAndReplicatesAgain() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = volume(a);
            pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
            ids.add(id);
        }
        List<Map<String, Object>> all = ids.stream().map(id -> Map.<String, Object>of("id", id)).toList();
        // Failover to site-b going on alone (site-a is not told): site-b logs what site-a lacks from now on.
        JsonNode promoted = b.call("POST", "/v1/volumes:promote", Map.of("volumes", all, "peer_lost", true)).json();
        assertThat(promoted.path("volumes")).allSatisfy(v -> assertThat(v.path("ok").asBoolean()).isTrue());
        for (int i = 0; i < 20; i++) {
            assertThat(b.write(ids.get(i), 4096L * i, random(4096)).status()).isEqualTo(204);
        }
        // site-a's writes to the next 10 land on its disk and in its change log, and fence it (site-b refuses),
        // unless site-a's peer probe fenced the volume first (then the write is refused before it lands).
        for (int i = 20; i < 30; i++) {
            assertThat(a.write(ids.get(i), 8192, random(4096)).status()).isEqualTo(409);
        }

        List<Map<String, Object>> asked = new ArrayList<>(all);
        asked.add(3, Map.of("id", "vol-unknown"));
        JsonNode reprotected = b.call("POST", "/v1/volumes:reprotect", Map.of("volumes", asked, "by", "operator"))
                .json();

        JsonNode entries = reprotected.path("volumes");
        assertThat(entries.size()).isEqualTo(201);
        assertThat(entries.get(3).path("error").path("kind").asText()).isEqualTo("notFound");
        for (int i = 0; i < 200; i++) {
            JsonNode entry = entries.get(i < 3 ? i : i + 1);
            assertThat(entry.path("id").asText()).isEqualTo(ids.get(i));
            assertThat(entry.path("ok").asBoolean()).as(entry.toString()).isTrue();
            assertThat(entry.path("role").asText()).isEqualTo("primary");
            assertThat(entry.has("error") && entry.get("error").isNull()).isTrue();
            // Only the blocks a change log names are copied: none for the 170 nobody wrote to alone.
            assertThat(entry.path("copied_blocks").asInt()).as(entry.toString())
                    .isBetween(i < 20 ? 1 : 0, i < 30 ? 1 : 0);
        }
        for (String id : List.of(ids.get(0), ids.get(19), ids.get(25), ids.get(199))) {
            JsonNode onB = b.volume(id);
            assertThat(onB.path("pair").path("peer_lost").asBoolean()).isFalse();
            assertThat(onB.path("pair").path("in_sync").asBoolean()).isTrue();
            JsonNode onA = a.volume(id);
            assertThat(onA.path("role").asText()).isEqualTo("secondary");
            assertThat(onA.has("fence")).isFalse();
            assertThat(onA.path("generation").asLong()).isEqualTo(onB.path("generation").asLong());
            assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(a.checksum(ids.get(i))).isEqualTo(b.checksum(ids.get(i)));
        }
        byte[] after = random(4096);
        assertThat(b.write(ids.get(150), 12288, after).status()).isEqualTo(204);
        assertThat(a.onDisk(ids.get(150), 12288, after.length)).isEqualTo(after);

        // Repeated: nothing to do, nothing copied.
        JsonNode again = b.call("POST", "/v1/volumes:reprotect", Map.of("volumes", all.subList(0, 5))).json();
        assertThat(again.path("volumes")).allSatisfy(v -> {
            assertThat(v.path("ok").asBoolean()).isTrue();
            assertThat(v.path("copied_blocks").asInt()).isZero();
        });
        expect400(b.call("POST", "/v1/volumes:reprotect", Map.of()), "volumes is required");
    }

    @Test
    void anAsyncGroupFailsOverToOneInstantForAllItsMembersAfterKill9OfThePrimary() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = volume(a);
            pair(a, id, Map.of("peer", "site-b", "mode", "async", "rpo_seconds", 2));
            members.add(id);
        }
        String group = "grp-" + UUID.randomUUID();
        ArrayProcess.Answer created = a.call("POST", "/v1/groups/" + group, Map.of("volumes", members));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(b.call("POST", "/v1/groups/" + group, Map.of("volumes", members)).status()).isEqualTo(201);
        assertThat(a.call("POST", "/v1/groups/" + group, Map.of("volumes", members)).status()).isEqualTo(200);
        ArrayProcess.Answer twice = a.call("POST", "/v1/groups/grp-other-" + UUID.randomUUID(),
                Map.of("volumes", List.of(members.get(0))));
        assertThat(twice.status()).as(twice.text()).isEqualTo(409);

        // Write n goes to member n % 3, block (n / 3) % 32, and holds n: each write acknowledged before the next,
        // so a consistent image of the group holds exactly the writes up to some n, in all three members.
        int blocks = 32;
        CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
            long n = 1;
            try {
                while (a.write(members.get((int) (n % 3)), (n / 3 % blocks) * 4096L, sequenced(n)).status() == 204) {
                    n++;
                }
            } catch (Exception e) {
                // The array was killed mid-write.
            }
            return n - 1;
        });
        Thread.sleep(4_000);
        a.kill();
        long acknowledged = writer.get(30, TimeUnit.SECONDS);
        JsonNode promoted;
        try {
            promoted = b.call("POST", "/v1/volumes:promote", Map.of("volumes", members.stream()
                    .map(id -> Map.of("id", id)).toList(), "by", "operator")).json();
        } finally {
            a.start();
        }

        Set<String> instants = new HashSet<>();
        for (JsonNode entry : promoted.path("volumes")) {
            assertThat(entry.path("ok").asBoolean()).as(entry.toString()).isTrue();
            instants.add(entry.path("consistent_at").asText());
        }
        assertThat(instants).as("one consistent_at for the whole group").hasSize(1);
        assertThat(instants.iterator().next()).isNotEmpty();
        assertThat(b.call("GET", "/v1/groups/" + group, null).json().path("group").path("consistent_at").asText())
                .isEqualTo(instants.iterator().next());

        // The newest write on site-b, in any member, is the cut: every member must hold exactly the writes up to it.
        long[][] found = new long[3][blocks];
        long cut = 0;
        for (int m = 0; m < 3; m++) {
            byte[] data = b.read(members.get(m), 0, blocks * 4096L).body();
            for (int block = 0; block < blocks; block++) {
                found[m][block] = java.nio.ByteBuffer.wrap(data, block * 4096, 8).getLong();
                cut = Math.max(cut, found[m][block]);
            }
        }
        assertThat(cut).as("some writes were shipped before the kill").isGreaterThan(3);
        assertThat(cut).isLessThanOrEqualTo(acknowledged + 1);
        long[][] expected = new long[3][blocks];
        for (long n = 1; n <= cut; n++) {
            expected[(int) (n % 3)][(int) (n / 3 % blocks)] = n;
        }
        for (int m = 0; m < 3; m++) {
            assertThat(found[m]).as("member " + m + " at the cut " + cut + " (no member ahead of another)")
                    .isEqualTo(expected[m]);
        }
        // The group survives kill -9 of its array.
        JsonNode restarted = a.call("GET", "/v1/groups/" + group, null).json().path("group");
        assertThat(restarted.path("volumes").size()).isEqualTo(3);
        assertThat(a.call("DELETE", "/v1/groups/" + group, null).status()).isEqualTo(204);
        assertThat(a.call("GET", "/v1/groups/" + group, null).status()).isEqualTo(404);
    }

    private static byte[] sequenced(long n) {
        byte[] bytes = new byte[4096];
        java.nio.ByteBuffer.wrap(bytes).putLong(n);
        return bytes;
    }

    @Test
    void anAsyncSecondaryPromotedWithoutItsPrimaryReportsTheDataAtRiskAndTheLossIsWithinIt() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "async", "rpo_seconds", 2));
        int blocks = 64;
        byte[][] acknowledged = new byte[blocks][];
        Instant[] acknowledgedAt = new Instant[blocks];
        Random random = new Random();
        Instant until = Instant.now().plusSeconds(4);
        while (Instant.now().isBefore(until)) {
            int block = random.nextInt(blocks);
            byte[] bytes = random(4096);
            assertThat(a.write(id, block * 4096L, bytes).status()).isEqualTo(204);
            acknowledged[block] = bytes;
            acknowledgedAt[block] = Instant.now();
            Thread.sleep(20);
        }
        a.kill();
        JsonNode promoted;
        JsonNode atRisk;
        try {
            promoted = b.call("POST", "/v1/volumes:promote", Map.of("volumes", List.of(Map.of("id", id)),
                    "by", "driver")).json().path("volumes").get(0);
            atRisk = b.call("GET", "/v1/volumes/" + id + "/at-risk", null).json();
        } finally {
            a.start();
        }
        assertThat(promoted.path("ok").asBoolean()).as(promoted.toString()).isTrue();
        Instant consistentAt = Instant.parse(promoted.path("consistent_at").asText());
        Instant asOf = Instant.parse(promoted.path("at_risk_as_of").asText());
        assertThat(asOf).isAfterOrEqualTo(consistentAt);
        assertThat(promoted.path("lag_at_loss_seconds").asDouble()).isGreaterThanOrEqualTo(0)
                .isEqualTo(Duration.between(consistentAt, asOf).toMillis() / 1000.0);
        assertThat(promoted.path("at_risk_blocks").asLong()).isEqualTo(atRisk.path("count").asLong());
        assertThat(promoted.path("at_risk_bytes").asLong()).isEqualTo(4096 * atRisk.path("count").asLong());
        assertThat(atRisk.path("as_of").asText()).isEqualTo(promoted.path("at_risk_as_of").asText());
        Set<Long> reported = new HashSet<>();
        atRisk.path("blocks").forEach(n -> reported.add(n.asLong()));
        assertThat(reported).hasSize(atRisk.path("count").asInt());

        Set<Long> lost = new HashSet<>();
        Set<Long> writtenAfter = new HashSet<>();
        for (int block = 0; block < blocks; block++) {
            if (acknowledged[block] == null) {
                continue;
            }
            if (!Arrays.equals(b.read(id, block * 4096L, 4096).body(), acknowledged[block])) {
                lost.add((long) block);
            }
            if (acknowledgedAt[block].isAfter(asOf)) {
                writtenAfter.add((long) block);
            }
        }
        // (a) what was lost was reported, or written after the report; (b) what was reported was lost (a report
        // travels with every image, so none applied after it).
        Set<Long> bound = new HashSet<>(reported);
        bound.addAll(writtenAfter);
        assertThat(bound).containsAll(lost);
        assertThat(lost).containsAll(reported);
    }

    @Test
    void aWriteOnTheJoiningSideWhileTheReprotectCopiesNeverLeavesTheSidesDifferent() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync", "topology", "active_active"));
        byte[] survivor = random(4096);
        // Cut off from site-a, site-b changes block 1 alone: not acknowledged, but on its disk and in its change log.
        a.kill();
        try {
            assertThat(b.write(id, 4096, random(4096)).status()).isEqualTo(503);
        } finally {
            b.kill();
            a.start();
        }
        try {
            assertThat(a.call("POST", "/v1/volumes/" + id + "/promote", Map.of("generation", 3, "peer_lost", true))
                    .status()).isEqualTo(200);
            // site-a alone changes every block (so the reprotect has the whole volume to copy), block 1 last.
            assertThat(a.write(id, 0, random((int) SIZE)).status()).isEqualTo(204);
            assertThat(a.write(id, 4096, survivor).status()).isEqualTo(204);
        } finally {
            b.start();
        }

        // The reprotect, repeated while it fails (what a caller does), with site-b taking writes all along.
        List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<ArrayProcess.Answer> reprotect = CompletableFuture.supplyAsync(() -> {
            try {
                Instant deadline = Instant.now().plusSeconds(30);
                while (true) {
                    ArrayProcess.Answer answer = a.call("POST", "/v1/volumes/" + id + "/reprotect", null);
                    attempts.add(answer.status() + " " + answer.text().substring(0, Math.min(300,
                            answer.text().length())));
                    if (answer.status() == 200 || Instant.now().isAfter(deadline)) {
                        return answer;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<Integer, byte[]> acknowledged = new java.util.HashMap<>();
        Random random = new Random();
        int refused = 0;
        while (!reprotect.isDone()) {
            int block = 16 + random.nextInt(1000);
            byte[] bytes = random(4096);
            int status = b.write(id, block * 4096L, bytes).status();
            if (status == 204) {
                acknowledged.put(block, bytes);
            } else {
                refused++;
                acknowledged.remove(block);
            }
        }
        assertThat(reprotect.get(60, TimeUnit.SECONDS).status()).as(attempts.toString()).isEqualTo(200);

        awaitEqualChecksums(id, Duration.ofSeconds(10));
        assertThat(a.onDisk(id, 4096, 4096)).as("site-a's acknowledged write, not site-b's refused one; reprotects: "
                + attempts)
                .isEqualTo(survivor);
        for (Map.Entry<Integer, byte[]> write : acknowledged.entrySet()) {
            assertThat(a.onDisk(id, write.getKey() * 4096L, 4096)).as("block " + write.getKey() + " of "
                    + acknowledged.size() + " acknowledged, " + refused + " refused; reprotects: " + attempts).isEqualTo(write.getValue());
        }
        assertThat(b.volume(id).path("pair").path("in_sync").asBoolean()).isTrue();
        assertThat(a.volume(id).path("pair").path("in_sync").asBoolean()).isTrue();
    }

    @Test
    void aSyncBlockLoggedWhileThePeerWasAwayIsShippedOnceItAnswersWithoutAnotherWrite() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        b.kill();
        try {
            assertThat(a.write(id, 8192, random(4096)).status()).isEqualTo(503);
            assertThat(a.volume(id).path("pair").path("pending_bytes").asLong()).isEqualTo(4096);
        } finally {
            b.start();
        }

        awaitEqualChecksums(id, Duration.ofSeconds(10));
        awaitInSync(id, Duration.ofSeconds(5));
    }

    // ---- helpers ----

    // ---- cross-cloud export (issue 14) ----

    @Test
    void anExportMarkerIsRecordedOnceShownInTheListAndSurvivesKill9() throws Exception {
        String id = volume(a);
        String unknown = "vol-" + UUID.randomUUID();
        String key = "cloud@dr-" + UUID.randomUUID();
        assertThat(a.call("PUT", "/v1/controllers/" + key, Map.of("epoch", 3)).status()).isEqualTo(200);
        Map<String, Object> body = Map.of("volumes", List.of(
                Map.of("id", id, "document_id", "doc-1", "digest", "sha256:aa"),
                Map.of("id", unknown, "document_id", "doc-2", "digest", "sha256:bb")));

        JsonNode answer = a.call("POST", "/v1/volumes:export", body, Map.of("X-Controller", key,
                "X-Controller-Epoch", "3")).json();

        assertThat(answer.path("volumes").get(0).path("ok").asBoolean()).isTrue();
        assertThat(answer.path("volumes").get(1).path("error").path("kind").asText()).isEqualTo("notFound");
        JsonNode listed = a.call("GET", "/v1/volumes?ids=" + id, null).json().path("volumes").get(0);
        assertThat(listed.path("export").path("document_id").asText()).isEqualTo("doc-1");
        assertThat(listed.path("export").path("digest").asText()).isEqualTo("sha256:aa");
        String recordedAt = listed.path("export").path("recorded_at").asText();
        assertThat(Instant.parse(recordedAt)).isBeforeOrEqualTo(Instant.now());

        // The same document again changes nothing; a stale controller changes nothing either.
        assertThat(a.call("POST", "/v1/volumes:export", body).status()).isEqualTo(200);
        ArrayProcess.Answer stale = a.call("POST", "/v1/volumes:export", Map.of("volumes", List.of(Map.of("id", id,
                "document_id", "doc-9", "digest", "sha256:99"))), Map.of("X-Controller", key,
                "X-Controller-Epoch", "2"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().has("staleController")).isTrue();
        expect400(a.call("POST", "/v1/volumes:export", Map.of("volumes", List.of(Map.of("document_id", "d")))),
                "has no id");
        assertThat(a.call("POST", "/v1/volumes:export", Map.of("volumes", List.of(Map.of("id", id)))).json()
                .path("volumes").get(0).path("error").path("code").asInt()).isEqualTo(400);

        a.kill();
        a.start();

        JsonNode after = a.volume(id);
        assertThat(after.path("export").path("document_id").asText()).isEqualTo("doc-1");
        assertThat(after.path("export").path("recorded_at").asText()).isEqualTo(recordedAt);
        assertThat(a.volume(volume(a)).has("export")).isFalse();
    }

    @Test
    void aNewPairFromTheSideThatOwnsTheVolumeOverwritesTheStaleFencedCopyOnItsPeerNeverTheOtherWay()
            throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        byte[] old = random(3 * 4096);
        assertThat(a.write(id, 0, old).status()).isEqualTo(204);
        // Failed over to site-b (site-a fenced at once), site-b's copy then written and left alone, as a cross-cloud
        // import leaves it: site-b zeroes the first blocks, so only a copy that starts empty equals it afterwards.
        assertThat(b.call("POST", "/v1/volumes/" + id + "/promote", Map.of()).status()).isEqualTo(200);
        assertThat(b.write(id, 0, new byte[3 * 4096]).status()).isEqualTo(204);
        byte[] fresh = random(10_000);
        assertThat(b.write(id, 200_000, fresh).status()).isEqualTo(204);
        assertThat(b.call("DELETE", "/v1/volumes/" + id + "/pair?force=true", null).status()).isEqualTo(204);
        assertThat(a.volume(id).path("fence").path("generation").asLong()).isEqualTo(2);

        // The fenced copy may not pair towards the side that owns the volume.
        assertThat(a.call("POST", "/v1/volumes/" + id + "/pair", Map.of("peer", "site-b", "mode", "async",
                "rpo_seconds", 60)).status()).isEqualTo(409);
        assertThat(b.volume(id).path("role").asText()).isEqualTo("primary");

        pair(b, id, Map.of("peer", "site-a", "mode", "sync"));

        JsonNode replica = a.volume(id);
        assertThat(replica.path("role").asText()).isEqualTo("secondary");
        assertThat(replica.path("generation").asLong()).isEqualTo(2);
        assertThat(replica.has("fence")).isFalse();
        assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
        assertThat(a.onDisk(id, 200_000, fresh.length)).isEqualTo(fresh);
        byte[] later = random(4096);
        assertThat(b.write(id, 8192, later).status()).isEqualTo(204);
        assertThat(a.onDisk(id, 8192, later.length)).isEqualTo(later);
    }

    @Test
    void aNewPairOverwritesAnOldPrimaryThatNeverLearntItWasFailedAwayFrom() throws Exception {
        String id = volume(a);
        pair(a, id, Map.of("peer", "site-b", "mode", "sync"));
        assertThat(a.write(id, 0, random(8192)).status()).isEqualTo(204);
        a.kill();
        JsonNode promote = b.call("POST", "/v1/volumes/" + id + "/promote", Map.of()).json();
        assertThat(promote.path("peer_reached").asBoolean()).isFalse();
        assertThat(b.write(id, 0, new byte[8192]).status()).isEqualTo(204);
        assertThat(b.call("DELETE", "/v1/volumes/" + id + "/pair?force=true", null).status()).isEqualTo(204);
        a.start();
        awaitPeer(b, true);
        // site-a still holds its old copy as an unfenced primary at generation 1: site-b's pair is gone, so no
        // probe tells it otherwise. A pair from site-b, at generation 2, overwrites it.
        assertThat(a.volume(id).path("generation").asLong()).isEqualTo(1);

        pair(b, id, Map.of("peer", "site-a", "mode", "async", "rpo_seconds", 1));

        assertThat(a.volume(id).path("role").asText()).isEqualTo("secondary");
        assertThat(a.volume(id).path("generation").asLong()).isEqualTo(2);
        assertThat(a.checksum(id)).isEqualTo(b.checksum(id));
    }

    private static String volumeIn(ArrayProcess array, String pool) throws Exception {
        String id = "vol-" + UUID.randomUUID();
        ArrayProcess.Answer created = array.call("POST", "/v1/volumes", Map.of("id", id, "size_bytes", SIZE,
                "pool", pool));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static void awaitPeer(ArrayProcess array, boolean reachable) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (array.call("GET", "/v1/health", null).json().path("peers").path(array == a ? "site-b" : "site-a")
                .path("reachable").asBoolean() != reachable) {
            assertThat(Instant.now()).as("peer reachable: " + reachable + " within 10 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static String volume(ArrayProcess array) throws Exception {
        String id = "vol-" + UUID.randomUUID();
        ArrayProcess.Answer created = array.call("POST", "/v1/volumes", Map.of("id", id, "size_bytes", SIZE));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static void pair(ArrayProcess array, String id, Map<String, Object> pair) throws Exception {
        ArrayProcess.Answer answer = array.call("POST", "/v1/volumes/" + id + "/pair", pair);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    private static void awaitInSync(String id, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!a.volume(id).path("pair").path("in_sync").asBoolean()) {
            assertThat(Instant.now()).as("volume " + id + " in sync within " + within).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitEqualChecksums(String id, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!a.checksum(id).equals(b.checksum(id))) {
            assertThat(Instant.now()).as("volume " + id + " equal on both sides within " + within)
                    .isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static void expect400(ArrayProcess.Answer answer, String message) throws Exception {
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("badRequest").path("message").asText()).contains(message);
    }

    /**
     * The volume's view without what moves with the clock (the lag, an idle async pair's consistent time, and since
     * when the heartbeat misses the peer).
     */
    private static JsonNode comparable(JsonNode volume) {
        ObjectNode copy = volume.deepCopy();
        if (copy.get("pair") instanceof ObjectNode pair) {
            pair.remove("lag_seconds");
            pair.remove("last_consistent_at");
            pair.remove("peer_lost_since");
        }
        return copy;
    }

    /** An async volume's view without what its first ship after a restart changes (what is pending). */
    private static JsonNode settled(JsonNode volume) {
        ObjectNode copy = (ObjectNode) comparable(volume);
        ((ObjectNode) copy.get("pair")).remove(java.util.List.of("pending_bytes", "in_sync"));
        return copy;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random().nextBytes(bytes);
        return bytes;
    }

}
