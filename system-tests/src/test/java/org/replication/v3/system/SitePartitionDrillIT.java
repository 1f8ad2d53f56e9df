package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.drill.DrillOptions;
import org.replication.v3.drill.LinkProxyClient;
import org.replication.v3.drill.PartitionDrill;
import org.replication.v3.testinfra.SharedArrays;

/**
 * The partition drill (docs/sites.md section 7) on the system tests' suite: the arrays reach each other through a
 * link proxy (deploy's LinkProxy, a process of the third place), the drill black-holes both directions with both
 * sites alive. The mediator keeps reaching both arrays directly: the drill does not cut its paths.
 */
class SitePartitionDrillIT {

    private static Process links;
    private static int adminPort;

    @BeforeAll
    static void linksBetweenTheSites() throws Exception {
        Suite suite = Suite.get();
        Places.twoInstances(suite, "drill", "site-c", SiteLossDrillIT.drillBackendConfig());
        adminPort = freePort();
        int bToC = freePort();
        int cToB = freePort();
        String classes = System.getProperty("links.classes");
        assertThat(classes).as("links.classes (deploy's compiled classes)").isNotNull();
        Path log = Path.of(System.getProperty("suite.work", "target/suite"), "logs", "links.log");
        Files.createDirectories(log.getParent());
        links = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", classes, "org.replication.v3.deploy.LinkProxy",
                "--admin-port", Integer.toString(adminPort),
                "--link", "array-b-to-c=" + bToC + "->127.0.0.1:" + port(suite.arrays.url("site-c")),
                "--link", "array-c-to-b=" + cToB + "->127.0.0.1:" + port(suite.arrays.url("site-b")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitLinks();
        suite.arrays.peerVia("site-b", "site-c", "http://127.0.0.1:" + bToC);
        suite.arrays.peerVia("site-c", "site-b", "http://127.0.0.1:" + cToB);
        GoingOnAlone.reprotectAll(suite);
    }

    /** The link's loss let the pair's mediated volumes go on alone: see {@link GoingOnAlone}. */
    @AfterAll
    static void directLinksAgain() throws Exception {
        Suite suite = Suite.get();
        suite.arrays.peerVia("site-b", "site-c", suite.arrays.url("site-c"));
        suite.arrays.peerVia("site-c", "site-b", suite.arrays.url("site-b"));
        links.destroyForcibly().waitFor();
        GoingOnAlone.reprotectAll(suite);
        Places.oneInstance(suite);
    }

    @Test
    void onlyThePrimarySideOfEachActiveActivePairServesWhileTheSitesCannotReachEachOther() {
        Suite suite = Suite.get();
        DrillOptions options = DrillOptions.defaults(suite.apiUrl(), VolumeSliceIT.PROJECT,
                        Map.of("site-b", suite.arrays.url("site-b"), "site-c", suite.arrays.url("site-c")),
                        SharedArrays.TOKEN, "http://127.0.0.1:" + suite.mediator.port(), suite.mediatorToken,
                        Duration.ofSeconds(3))
                .withBackend("drill")
                .withLoad(2, 10, Duration.ofSeconds(10))
                .withReportDir(Path.of("target", "drill"));

        PartitionDrill.Report report = new PartitionDrill(options,
                new LinkProxyClient("http://127.0.0.1:" + adminPort), System.out).run();

        assertThat(report.kinds()).extracting(kind -> kind.name()).containsExactly("sync-aa-med", "sync-ap-med");
        assertThat(report.ok()).as("the partition drill's report (also target/drill/partition.json):%n%s",
                report.table()).isTrue();
    }

    private static void awaitLinks() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            assertThat(links.isAlive()).as("the link proxy runs (see target/suite/logs/links.log)").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/links")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the link proxy did not answer within 60 s");
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
