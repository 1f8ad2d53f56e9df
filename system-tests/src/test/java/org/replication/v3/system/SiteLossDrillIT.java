package org.replication.v3.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replication.v3.drill.DrillOptions;
import org.replication.v3.drill.SiteLossDrill;
import org.replication.v3.testinfra.SharedArrays;

/**
 * The site-loss drill (docs/sites.md section 7) on the system tests' suite: the same drill as {@code bin/drill
 * site-loss}, with site-c's processes (its array and its volume-service instance) killed through their handles
 * ({@link Places}): the volume-service runs once per site for it, and site-b's instance takes over the backends of
 * the lost site. Its volumes live on a backend of their own, {@code drill} (site-c replicating to site-b, every sync
 * topology, a mediator, RPOs from 10 s), so the default backends and what other tests left on them stay out of it.
 */
class SiteLossDrillIT {

    /** The suite's mediator grace (Suite: 3 s), which the drill's RTO bound for active/passive starts from. */
    private static final Duration GRACE = Duration.ofSeconds(3);

    @BeforeAll
    static void drillBackend() throws Exception {
        Suite suite = Suite.get();
        Places.twoInstances(suite, "drill", "site-c", drillBackendConfig());
        GoingOnAlone.reprotectAll(suite);
    }

    @AfterAll
    static void defaultBackends() {
        Suite suite = Suite.get();
        suite.arrays.start("site-c");
        Places.oneInstance(suite);
    }

    @Test
    void everyVolumeKindKeepsWhatItPromisesWhenThePrimarySiteIsKilled() {
        Suite suite = Suite.get();
        DrillOptions options = DrillOptions.defaults(suite.apiUrl(), VolumeSliceIT.PROJECT,
                        Map.of("site-b", suite.arrays.url("site-b"), "site-c", suite.arrays.url("site-c")),
                        SharedArrays.TOKEN, "http://127.0.0.1:" + suite.mediator.port(), suite.mediatorToken, GRACE)
                .withBackend("drill")
                .withLoad(2, 10, Duration.ofSeconds(15))
                .withAsyncRpo(10)
                .withReportDir(Path.of("target", "drill"));

        SiteLossDrill.Report report = new SiteLossDrill(options, Places.of(suite, drillBackendConfig()), System.out).run();

        assertThat(report.kinds()).extracting(kind -> kind.name())
                .containsExactly("sync-aa-med", "sync-ap-med", "sync-nomed", "async-10");
        assertThat(report.ok()).as("the drill's report (also target/drill/site-loss.json):%n%s", report.table())
                .isTrue();
    }

    static String[] drillBackendConfig() {
        String backend = "-Dvolume.backends.drill.";
        String device = backend + "replication-devices.site-b.";
        return Stream.of(backend + "driver=filearray", backend + "volume-backend-name=drill",
                backend + "array=site-c", backend + "pools.pool-d.capacity-gb=100000", device + "array=site-b",
                device + "modes=sync,async", device + "sync-topologies=active_passive,active_active",
                device + "mediator=true", device + "min-rpo-seconds=10", device + "default-mode=sync")
                .toArray(String[]::new);
    }
}
