package org.replication.v3.common.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeExclusivityTest {

    private static final ReplicationSpecs REPLICATED_GROUP =
            ReplicationSpecs.ofGroupType(Map.of("group_replication_enabled", "<is> True"));
    private static final ReplicationSpecs VOLUME_SCOPE = ReplicationSpecs.ofVolumeType(Map.of(
            "replication_enabled", "<is> True", "replication_scope", "volume"));
    private static final ReplicationSpecs REPLICATED_ANY_SCOPE =
            ReplicationSpecs.ofVolumeType(Map.of("replication_enabled", "<is> True"));
    private static final ReplicationDefaults WHOLE_BACKEND =
            new ReplicationDefaults(ReplicationScope.BACKEND, ReplicationMode.ASYNC, null, null, 600, "site-b");
    private static final ReplicationDefaults WHOLE_POOL =
            new ReplicationDefaults(ReplicationScope.POOL, ReplicationMode.ASYNC, null, null, 600, "site-b");
    private static final String WHERE = "node1@fast#pool-a";

    @Test
    void volumeScopeOnABackendReplicatedAsAWhole() {
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, VOLUME_SCOPE, WHOLE_BACKEND, WHERE))
                .singleElement().asString()
                .contains("node1@fast#pool-a is replicated as a whole (replication_scope=backend)")
                .contains("replication_scope=volume");
    }

    @Test
    void volumeScopeInAPoolReplicatedAsAWhole() {
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, VOLUME_SCOPE, WHOLE_POOL, WHERE))
                .singleElement().asString().contains("(replication_scope=pool)");
    }

    @Test
    void aReplicatedGroupOnABackendOrPoolReplicatedAsAWhole() {
        assertThat(ScopeExclusivity.problems(REPLICATED_GROUP, REPLICATED_ANY_SCOPE, WHOLE_BACKEND, WHERE))
                .singleElement().asString().contains("a replicated group cannot be placed there");
        assertThat(ScopeExclusivity.problems(REPLICATED_GROUP, REPLICATED_ANY_SCOPE, WHOLE_POOL, WHERE))
                .singleElement().asString().contains("a replicated group cannot be placed there");
    }

    @Test
    void aVolumeOfAReplicatedGroupReplicatedOnItsOwn() {
        assertThat(ScopeExclusivity.problems(REPLICATED_GROUP, VOLUME_SCOPE))
                .singleElement().asString().contains("not also replicated on its own");
    }

    @Test
    void groupScopeOutsideAReplicatedGroup() {
        ReplicationSpecs groupScope = ReplicationSpecs.ofVolumeType(Map.of(
                "replication_enabled", "<is> True", "replication_scope", "group"));
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, groupScope))
                .singleElement().asString().contains("group_replication_enabled");
    }

    @Test
    void backendScopeWhereTheBackendIsNotReplicatedAsAWhole() {
        ReplicationSpecs backendScope = ReplicationSpecs.ofVolumeType(Map.of(
                "replication_enabled", "<is> True", "replication_scope", "backend"));
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, backendScope, ReplicationDefaults.NONE, WHERE))
                .singleElement().asString().contains("is not replicated as a whole");
    }

    @Test
    void compatibleCombinationsPass() {
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, REPLICATED_ANY_SCOPE, WHOLE_BACKEND, WHERE))
                .as("a replicated type without a scope is covered by the backend").isEmpty();
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, VOLUME_SCOPE, ReplicationDefaults.NONE, WHERE))
                .isEmpty();
        assertThat(ScopeExclusivity.problems(REPLICATED_GROUP, REPLICATED_ANY_SCOPE, ReplicationDefaults.NONE, WHERE))
                .isEmpty();
        assertThat(ScopeExclusivity.problems(ReplicationSpecs.NONE, ReplicationSpecs.NONE, WHOLE_BACKEND, WHERE))
                .as("an unreplicated type on a replicated backend is simply covered").isEmpty();
    }
}
