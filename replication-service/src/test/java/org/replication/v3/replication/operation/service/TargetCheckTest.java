package org.replication.v3.replication.operation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.BACKEND;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.async;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.replication.capability.BackendTargets;
import org.replication.v3.replication.volume.VolumeReplica;

/**
 * A planned switch against the backends' last reports, every rule with and without force: liveness and reach
 * refuse unless a failover is forced with a reason, then they are warnings; configuration refuses whatever the
 * request says; the primary's own array never matters.
 */
class TargetCheckTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant FRESH = NOW.minusSeconds(10);
    private static final Instant STALE = NOW.minusSeconds(61);
    private static final Duration DOWN_AFTER = Duration.ofSeconds(60);

    /** How the request vouches for the primary. */
    private enum Force {
        NONE, WITH_REASON, WITHOUT_REASON
    }

    private static ReplicationTarget siteB(Set<ReplicationMode> modes, Set<ReplicationScope> scopes,
            Boolean reachable) {
        return new ReplicationTarget("site-b", modes, false, Set.of(SyncTopology.ACTIVE_PASSIVE), true, 30, "az-2",
                scopes, reachable);
    }

    private static final ReplicationTarget CAPABLE = siteB(EnumSet.allOf(ReplicationMode.class),
            EnumSet.allOf(ReplicationScope.class), true);
    private static final ReplicationTarget UNREACHED = siteB(EnumSet.allOf(ReplicationMode.class),
            EnumSet.allOf(ReplicationScope.class), false);
    private static final ReplicationTarget VOLUMES_ONLY = siteB(EnumSet.allOf(ReplicationMode.class),
            Set.of(ReplicationScope.VOLUME), true);
    private static final ReplicationTarget ASYNC_ONLY = siteB(Set.of(ReplicationMode.ASYNC),
            EnumSet.allOf(ReplicationScope.class), true);

    private static Map<String, BackendTargets> report(Instant at, String by, Boolean arrayReachable,
            ReplicationTarget... targets) {
        return Map.of(BACKEND, new BackendTargets(BACKEND, at, List.of(targets), by, arrayReachable));
    }

    private static FailoverRequested request(FailoverAction action, ReplicationScope scope, List<String> resources,
            String target, Force force) {
        return new FailoverRequested("op-1", action, scope, resources, target, force != Force.NONE,
                force == Force.WITH_REASON ? "site-c burnt down" : force == Force.WITHOUT_REASON ? " " : null, false,
                "admin", false, FailbackChanges.KEEP);
    }

    private static FailoverRequested failover(Force force) {
        return request(FailoverAction.FAILOVER, ReplicationScope.VOLUME, List.of("a"), null, force);
    }

    private static final String STALE_FROM_C = "backend " + BACKEND + " has not reported since " + STALE
            + " (last report from site-c, down after 60 s): no live volume-service instance runs it to do the failover";
    private static final String STALE_UNNAMED = "backend " + BACKEND + " has not reported since " + STALE
            + " (down after 60 s): no live volume-service instance runs it to do the failover";
    private static final String UNREACHED_FROM_B = "target site-b of backend " + BACKEND + " answers no live"
            + " volume-service instance (last report from site-b at " + FRESH + ")";
    private static final String UNREACHED_FROM_C_STALE = "target site-b of backend " + BACKEND + " answers no live"
            + " volume-service instance (last report from site-c at " + STALE + ")";
    private static final String NEVER = "backend " + BACKEND + " has never reported its capabilities: no"
            + " volume-service is known to run it";
    private static final String NOT_A_TARGET = "target site-z is not a replication target of backend " + BACKEND
            + " (it reports: site-b)";
    private static final String NO_TARGETS = "target site-b is not a replication target of backend " + BACKEND
            + " (it reports: none)";
    private static final String NO_POOL_SCOPE = "target site-b of backend " + BACKEND
            + " cannot fail over at pool scope (it supports: volume)";
    private static final String NO_SYNC = "target site-b of backend " + BACKEND
            + " does not support sync replication, which volume a uses";

    /**
     * @param refusal  expected refusal, or null
     * @param warnings expected warnings of an accepted switch
     */
    record Row(String name, FailoverRequested request, VolumeReplica volume, Map<String, BackendTargets> reports,
            String refusal, List<String> warnings) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Row accepted(String name, FailoverRequested request, Map<String, BackendTargets> reports,
            String... warnings) {
        return new Row(name, request, async("a", 300), reports, null, List.of(warnings));
    }

    private static Row refused(String name, FailoverRequested request, Map<String, BackendTargets> reports,
            String refusal) {
        return new Row(name, request, async("a", 300), reports, refusal, List.of());
    }

    static Stream<Row> rows() {
        Map<String, BackendTargets> live = report(FRESH, "site-c", true, CAPABLE);
        Map<String, BackendTargets> survivor = report(FRESH, "site-b", false, CAPABLE);
        Map<String, BackendTargets> silentPrimary = report(STALE, "site-c", true, CAPABLE);
        Map<String, BackendTargets> silentUnnamed = report(STALE, null, null, CAPABLE);
        Map<String, BackendTargets> targetUnreached = report(FRESH, "site-b", true, UNREACHED);
        Map<String, BackendTargets> silentAndUnreached = report(STALE, "site-c", false, UNREACHED);
        return Stream.of(
                // 1. liveness
                accepted("live report, no force", failover(Force.NONE), live),
                accepted("live report, force", failover(Force.WITH_REASON), live),
                accepted("live report, force without reason: nothing to override", failover(Force.WITHOUT_REASON),
                        live),
                refused("primary instance silent, no force", failover(Force.NONE), silentPrimary, STALE_FROM_C),
                accepted("primary instance silent, force", failover(Force.WITH_REASON), silentPrimary, STALE_FROM_C),
                refused("primary instance silent, force without reason", failover(Force.WITHOUT_REASON),
                        silentPrimary, "force needs a reason to override: " + STALE_FROM_C),
                refused("silent, reporter unnamed (older volume-service), no force", failover(Force.NONE),
                        silentUnnamed, STALE_UNNAMED),
                // the survivor runs the lost site's backend: its report makes the backend live again
                accepted("survivor reports, no force", failover(Force.NONE), survivor),
                accepted("survivor reports, force", failover(Force.WITH_REASON), survivor),
                // 2. target
                refused("target unreached, no force", failover(Force.NONE), targetUnreached, UNREACHED_FROM_B),
                accepted("target unreached, force", failover(Force.WITH_REASON), targetUnreached, UNREACHED_FROM_B),
                refused("target unreached, force without reason", failover(Force.WITHOUT_REASON), targetUnreached,
                        "force needs a reason to override: " + UNREACHED_FROM_B),
                refused("silent and target unreached, no force", failover(Force.NONE), silentAndUnreached,
                        STALE_FROM_C),
                accepted("silent and target unreached, force", failover(Force.WITH_REASON), silentAndUnreached,
                        STALE_FROM_C, UNREACHED_FROM_C_STALE),
                // 3. the primary's own array never refuses
                accepted("primary array unreached, no force", failover(Force.NONE),
                        report(FRESH, "site-c", false, CAPABLE)),
                accepted("primary array unknown, no force", failover(Force.NONE),
                        report(FRESH, "site-c", null, CAPABLE)),
                // 4. configuration refuses with force too
                refused("never reported, no force", failover(Force.NONE), Map.of(), NEVER),
                refused("never reported, force", failover(Force.WITH_REASON), Map.of(), NEVER),
                refused("not a target, force", request(FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                        List.of("a"), "site-z", Force.WITH_REASON), silentPrimary, NOT_A_TARGET),
                refused("no targets, no force", failover(Force.NONE), report(FRESH, "site-c", true), NO_TARGETS),
                refused("scope unsupported, no force", request(FailoverAction.FAILOVER, ReplicationScope.POOL,
                        List.of(BACKEND + "#pool-a"), null, Force.NONE), report(FRESH, "site-c", true, VOLUMES_ONLY),
                        NO_POOL_SCOPE),
                refused("scope unsupported, force, primary silent", request(FailoverAction.FAILOVER,
                        ReplicationScope.POOL, List.of(BACKEND + "#pool-a"), null, Force.WITH_REASON),
                        report(STALE, "site-c", true, VOLUMES_ONLY), NO_POOL_SCOPE),
                new Row("mode unsupported, no force", failover(Force.NONE), sync("a", true),
                        report(FRESH, "site-c", true, ASYNC_ONLY), NO_SYNC, List.of()),
                new Row("mode unsupported, force", failover(Force.WITH_REASON), sync("a", true),
                        report(STALE, "site-c", true, ASYNC_ONLY), NO_SYNC, List.of()),
                // only a failover is forced: a failback needs the primary
                refused("failback with force, primary silent", request(FailoverAction.FAILBACK,
                        ReplicationScope.VOLUME, List.of("a"), null, Force.WITH_REASON), silentPrimary,
                        STALE_FROM_C.replace("the failover", "the failback")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRuleWithAndWithoutForce(Row row) {
        TargetCheck.Verdict verdict = TargetCheck.check(row.request(), List.of(row.volume()), row.reports(), NOW,
                DOWN_AFTER);

        assertThat(verdict.refusal()).isEqualTo(row.refusal());
        assertThat(verdict.warnings()).containsExactlyElementsOf(row.warnings());
    }
}
