package org.replication.v3.replication.operation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.BACKEND;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.POOL;
import static org.replication.v3.replication.operation.service.FailoverPlannerTest.request;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.replication.volume.VolumeReplica;

/** What a SwitchVolumes tells the driver the operator failed over, for each scope. */
class ScopeIdTest {

    private static final VolumeReplica GROUPED = new VolumeReplica("v1", POOL, BACKEND, "g1", "async", "site-b",
            false, 60, "enabled", null);

    private static String scopeId(ReplicationScope scope, List<String> resources) {
        return FailoverOperations.scopeId(request(FailoverAction.FAILOVER, scope, resources), GROUPED);
    }

    @Test
    void aGroupIsNamedByItsId() {
        assertThat(scopeId(ReplicationScope.GROUP, List.of("g1"))).isEqualTo("g1");
    }

    @Test
    void aPoolIsNamedHostAtBackendHashPool() {
        assertThat(scopeId(ReplicationScope.POOL, List.of(POOL))).isEqualTo("node1@fast#pool-a");
    }

    @Test
    void aBackendIsNamedHostAtBackend() {
        assertThat(scopeId(ReplicationScope.BACKEND, List.of(BACKEND))).isEqualTo("node1@fast");
    }

    @Test
    void oneNamedVolumeIsItsOwnScopeAndSeveralHaveNone() {
        assertThat(scopeId(ReplicationScope.VOLUME, List.of("v1"))).isEqualTo("v1");
        assertThat(scopeId(ReplicationScope.VOLUME, List.of("v1", "v2"))).isNull();
    }
}
