package org.replication.v3.array.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.peer.PeerClient;
import org.replication.v3.array.peer.PeerHealth;

/**
 * What reprotecting 10,000 volumes after a failover costs: site-a (promoted, going on alone) reprotects them towards
 * site-b (the old primary, fenced), nothing changed on either side, so no block is copied. Both arrays in process,
 * each with its own data directory and journal; site-a reaches site-b over real HTTP (a small server in front of
 * site-b's service stands in for its REST layer). Prints the batch's time, and, for comparison, the per-volume
 * reprotect's time on {@code benchmark.single} more volumes (500). Opt-in: {@code -Dbenchmark=true
 * -Dtest=BatchReprotectBenchmarkTest}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class BatchReprotectBenchmarkTest {

    private static final int VOLUMES = Integer.getInteger("benchmark.volumes", 10_000);
    private static final int SINGLE = Integer.getInteger("benchmark.single", 500);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @TempDir
    Path dir;

    @Test
    void reprotectTenThousandVolumesInOneBatch() throws Exception {
        VolumeStore storeB = new VolumeStore(config("site-b", dir.resolve("b"), "http://127.0.0.1:1"));
        ArrayService siteB = service(config("site-b", dir.resolve("b"), "http://127.0.0.1:1"), storeB);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/replica", exchange -> serve(siteB, exchange));
        server.start();
        try {
            ArrayConfig configA = config("site-a", dir.resolve("a"), "http://127.0.0.1:"
                    + server.getAddress().getPort());
            VolumeStore storeA = new VolumeStore(configA);
            ArrayService siteA = service(configA, storeA);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SINGLE + VOLUMES; i++) {
                String id = "v" + i;
                // After an unplanned failover: site-a promoted at 2 going on alone, site-b fenced at 1.
                storeA.create(new VolumeState(id, 4096, Role.PRIMARY, 2, null,
                        new Pair("site-b", Mode.SYNC, null, Topology.ACTIVE_PASSIVE, true, false), null));
                storeB.create(new VolumeState(id, 4096, Role.PRIMARY, 1, new Fence(2, "site-a"),
                        new Pair("site-a", Mode.SYNC, null, Topology.ACTIVE_PASSIVE, false, false), null));
                ids.add(id);
            }

            long start = System.nanoTime();
            for (String id : ids.subList(0, SINGLE)) {
                siteA.reprotect(id);
            }
            Duration single = Duration.ofNanos(System.nanoTime() - start);
            start = System.nanoTime();
            List<ArrayService.Outcome> outcomes = siteA.reprotectAll(ids.subList(SINGLE, ids.size()), "driver");
            Duration batch = Duration.ofNanos(System.nanoTime() - start);

            System.out.printf("per-volume reprotect of %d volumes: %d ms (%.1f ms each)%n", SINGLE,
                    single.toMillis(), single.toMillis() / (double) SINGLE);
            System.out.printf("batch reprotect of %d volumes (nothing changed, peer over HTTP): %d ms%n",
                    outcomes.size(), batch.toMillis());
            assertThat(outcomes).allSatisfy(o -> assertThat(o.error).as(o.id).isNull());
            assertThat(outcomes).allSatisfy(o -> assertThat(o.extra.get("copied_blocks")).isEqualTo(0));
            VolumeState last = new VolumeStore(configA).get("v" + (SINGLE + VOLUMES - 1)).state();
            assertThat(last.pair().peerLost()).isFalse();
            VolumeState joined = new VolumeStore(config("site-b", dir.resolve("b"), "http://127.0.0.1:1"))
                    .get("v" + (SINGLE + VOLUMES - 1)).state();
            assertThat(joined.role()).isEqualTo(Role.SECONDARY);
            assertThat(joined.generation()).isEqualTo(2);
            assertThat(joined.fence()).isNull();
        } finally {
            server.stop(0);
        }
    }

    private static ArrayService service(ArrayConfig config, VolumeStore store) {
        PeerClient peers = new PeerClient(config, JSON);
        return new ArrayService(config, store, peers, new PeerHealth(config, peers), new Groups(config));
    }

    /**
     * site-b's peer paths a reprotect calls: the batch join, and the single join and the clearing of the change log
     * of the per-volume reprotect.
     */
    private static void serve(ArrayService siteB, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] sent = exchange.getRequestBody().readAllBytes();
            JsonNode body = sent.length == 0 ? JSON.createObjectNode() : JSON.readTree(sent);
            Object answer;
            if (path.endsWith("/changes")) {
                siteB.clearChanges(path.split("/")[3], null);
                exchange.sendResponseHeaders(204, -1);
                return;
            } else if (path.equals("/v1/replica:join")) {
                List<ArrayService.JoinRequest> requests = new ArrayList<>();
                body.path("volumes").forEach(v -> requests.add(JSON.convertValue(v, ArrayService.JoinRequest.class)));
                answer = Map.of("volumes", siteB.joinAll(requests).stream().map(siteB::entry).toList());
            } else if (path.endsWith("/join")) {
                String id = path.split("/")[3];
                JsonNode pair = body.path("pair");
                answer = Map.of("changed_blocks", siteB.join(id, body.path("generation").asLong(),
                        body.path("size_bytes").asLong(), JSON.convertValue(pair, Pair.class)));
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static ArrayConfig config(String name, Path dataDir, String peerUrl) {
        String peer = name.equals("site-a") ? "site-b" : "site-a";
        return new ArrayConfig() {
            public String name() {
                return name;
            }

            public String dataDir() {
                return dataDir.toString();
            }

            public Admin admin() {
                return Optional::empty;
            }

            public Map<String, Peer> peers() {
                return Map.of(peer, new Peer() {
                    public String url() {
                        return peerUrl;
                    }

                    public Optional<String> token() {
                        return Optional.empty();
                    }
                });
            }

            public int blockSize() {
                return 4096;
            }

            public Duration peerTimeout() {
                return Duration.ofSeconds(5);
            }

            public Duration shipTick() {
                return Duration.ofMillis(200);
            }

            public Duration peerProbe() {
                return Duration.ZERO;
            }

            public Duration peerHeartbeat() {
                return Duration.ZERO;
            }

            public Duration syncHold() {
                return Duration.ZERO;
            }

            public Duration pendingReport() {
                return Duration.ZERO;
            }
        };
    }
}
