package org.replication.v3.array.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.replication.v3.array.config.ArrayConfig;
import org.replication.v3.array.peer.PeerClient;
import org.replication.v3.array.peer.PeerHealth;

/**
 * What a 10,000-volume batch promote costs the array itself: the mediator's "go on alone" ({@code peer_lost}, so no
 * peer call) on 10,000 paired volumes, in process, then a restart that finds them promoted. Prints the time. Opt-in
 * (creating 10,000 volumes takes about 40 s on 2 shared cores): {@code -Dbenchmark=true
 * -Dtest=BatchPromoteBenchmarkTest}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class BatchPromoteBenchmarkTest {

    private static final int VOLUMES = Integer.getInteger("benchmark.volumes", 10_000);

    @TempDir
    Path dir;

    @Test
    void promoteTenThousandVolumesInOneBatch() throws Exception {
        ArrayConfig config = config();
        VolumeStore store = new VolumeStore(config);
        PeerClient peers = new PeerClient(config, new ObjectMapper());
        ArrayService array = new ArrayService(config, store, peers, new PeerHealth(config, peers), new Groups(config));
        List<ArrayService.PromoteRequest> requests = new ArrayList<>();
        for (int i = 0; i < VOLUMES; i++) {
            String id = "v" + i;
            store.create(new VolumeState(id, 4096, Role.PRIMARY, 1, null,
                    new Pair("site-b", Mode.SYNC, null, Topology.ACTIVE_ACTIVE, false, true), null));
            requests.add(new ArrayService.PromoteRequest(id, null));
        }

        long start = System.nanoTime();
        List<ArrayService.Outcome> outcomes = array.promoteAll(requests, "mediator", true, "bench");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("batch promote of %d volumes (peer_lost, no peer call): %d ms%n", VOLUMES,
                took.toMillis());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.error).isNull());
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(new VolumeStore(config).get("v" + (VOLUMES - 1)).state().generation()).isEqualTo(3);
    }

    private ArrayConfig config() {
        return new ArrayConfig() {
            public String name() {
                return "site-a";
            }

            public String dataDir() {
                return dir.toString();
            }

            public Admin admin() {
                return Optional::empty;
            }

            public Map<String, Peer> peers() {
                return Map.of();
            }

            public int blockSize() {
                return 4096;
            }

            public Duration peerTimeout() {
                return Duration.ofSeconds(1);
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
