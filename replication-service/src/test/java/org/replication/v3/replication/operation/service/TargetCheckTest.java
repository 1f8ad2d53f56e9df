package org.replication.v3.replication.operation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.BACKEND;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.async;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.request;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.replication.capability.BackendTargets;
import org.replication.v3.replication.volume.VolumeReplica;

/** A planned switch against the backends' last reports: each way it cannot run is named. */
class TargetCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration DOWN_AFTER = Duration.ofSeconds(60);
    private static final FailoverRequested FAILOVER = request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
            List.of("a"));

    private static ReplicationTarget siteB(Set<ReplicationMode> modes, Set<ReplicationScope> scopes,
            Boolean reachable) {
        return new ReplicationTarget("site-b", modes, false, Set.of(SyncTopology.ACTIVE_PASSIVE), true, 30, "az-2",
                scopes, reachable);
    }

    private static final ReplicationTarget CAPABLE = siteB(EnumSet.allOf(ReplicationMode.class),
            EnumSet.allOf(ReplicationScope.class), true);

    private static Map<String, BackendTargets> reported(Instant at, ReplicationTarget... targets) {
        return Map.of(BACKEND, new BackendTargets(BACKEND, at, List.of(targets)));
    }

    private static String refusal(FailoverRequested request, VolumeReplica volume, Map<String, BackendTargets> reports) {
        return TargetCheck.refusal(request, List.of(volume), reports, NOW, DOWN_AFTER);
    }

    @Test
    void aBackendThatReportsTheTargetRecentlyCanRunTheSwitch() {
        assertThat(refusal(FAILOVER, async("a", 300), reported(NOW.minusSeconds(10), CAPABLE))).isNull();
    }

    @Test
    void aBackendThatNeverReportedHasNoVolumeServiceToRunIt() {
        assertThat(refusal(FAILOVER, async("a", 300), Map.of())).isEqualTo("backend " + BACKEND
                + " has never reported its capabilities: no volume-service is known to run it");
    }

    @Test
    void aBackendSilentForLongerThanTheDownTimeCannotRunIt() {
        assertThat(refusal(FAILOVER, async("a", 300), reported(NOW.minusSeconds(61), CAPABLE)))
                .isEqualTo("backend " + BACKEND + " has not reported since " + NOW.minusSeconds(61)
                        + " (down after 60 s): its volume-service cannot run the failover");
    }

    @Test
    void aTargetTheBackendDoesNotReportIsNamedWithTheOnesItDoes() {
        FailoverRequested elsewhere = request(FailoverAction.FAILOVER, ReplicationScope.VOLUME, List.of("a"),
                "site-z", FailbackChanges.KEEP);

        assertThat(refusal(elsewhere, async("a", 300), reported(NOW, CAPABLE)))
                .isEqualTo("target site-z is not a replication target of backend " + BACKEND + " (it reports: site-b)");
        assertThat(refusal(FAILOVER, async("a", 300), reported(NOW)))
                .isEqualTo("target site-b is not a replication target of backend " + BACKEND + " (it reports: none)");
    }

    @Test
    void aScopeTheTargetCannotFailOverIsRefused() {
        ReplicationTarget volumesOnly = siteB(EnumSet.allOf(ReplicationMode.class), Set.of(ReplicationScope.VOLUME),
                true);
        FailoverRequested pool = request(FailoverAction.FAILOVER, ReplicationScope.POOL, List.of(BACKEND + "#pool-a"));

        assertThat(refusal(pool, async("a", 300), reported(NOW, volumesOnly))).isEqualTo("target site-b of backend "
                + BACKEND + " cannot fail over at pool scope (it supports: volume)");
    }

    @Test
    void aModeTheTargetDoesNotSupportIsRefusedNamingTheVolume() {
        ReplicationTarget asyncOnly = siteB(Set.of(ReplicationMode.ASYNC), EnumSet.allOf(ReplicationScope.class),
                true);

        assertThat(refusal(FAILOVER, sync("a", true), reported(NOW, asyncOnly))).isEqualTo("target site-b of"
                + " backend " + BACKEND + " does not support sync replication, which volume a uses");
    }

    @Test
    void aTargetThatDidNotAnswerIsRefused() {
        ReplicationTarget unreachable = siteB(EnumSet.allOf(ReplicationMode.class),
                EnumSet.allOf(ReplicationScope.class), false);

        assertThat(refusal(FAILOVER, async("a", 300), reported(NOW, unreachable))).isEqualTo("target site-b of"
                + " backend " + BACKEND + " did not answer at its last report (" + NOW + "): the failover needs it"
                + " reachable");
    }
}
