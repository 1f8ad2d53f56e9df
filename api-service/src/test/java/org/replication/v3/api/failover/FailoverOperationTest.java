package org.replication.v3.api.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.replication.ReplicationScope;

/** How an operation is built from its request or its first event, and what an event changes (no database). */
class FailoverOperationTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void anAcceptedRequestIsActiveAndKeepsWhatWasAskedAndByWhom() {
        FailoverRequested request = new FailoverRequested("op-1", FailoverAction.FAILBACK, ReplicationScope.POOL,
                List.of("node1@fast#pool-a", "node1@fast#pool-b"), "site-b", false, "drill", true, "admin", false,
                FailbackChanges.DISCARD);

        FailoverOperation operation = FailoverOperation.accepted(request, "project-1", AT);

        assertThat(operation.id).isEqualTo("op-1");
        assertThat(operation.state).isEqualTo(OperationState.ACCEPTED);
        assertThat(operation.active()).isTrue();
        assertThat(operation.action).isEqualTo(FailoverAction.FAILBACK);
        assertThat(operation.scope).isEqualTo(ReplicationScope.POOL);
        assertThat(operation.resourceList()).containsExactly("node1@fast#pool-a", "node1@fast#pool-b");
        assertThat(operation.changes).isEqualTo(FailbackChanges.DISCARD);
        assertThat(operation.dryRun).isTrue();
        assertThat(operation.requestedBy).isEqualTo("admin");
        assertThat(operation.projectId).isEqualTo("project-1");
        assertThat(operation.createdAt).isEqualTo(AT);
        assertThat(operation.updatedAt).isEqualTo(AT);
    }

    @Test
    void onlyAFailbackRecordsWhatHappensToTheTargetsChanges() {
        FailoverRequested request = new FailoverRequested("op-2", FailoverAction.FAILOVER, ReplicationScope.VOLUME,
                List.of("8c1d5c9e-0000-4000-8000-000000000001"), null, false, null, false, "admin", false);

        assertThat(FailoverOperation.accepted(request, "project-1", AT).changes).isNull();
    }

    @Test
    void anOperationFirstSeenInAPlannedEventIsADryRunOfAnUnknownRequester() {
        OperationChanged planned = changed(OperationState.PLANNED, null, 0);

        FailoverOperation operation = FailoverOperation.firstSeen(planned);

        assertThat(operation.dryRun).isTrue();
        assertThat(operation.requestedBy).isEqualTo("unknown");
        assertThat(operation.automatic).isTrue();
        assertThat(operation.state).isEqualTo(OperationState.PLANNED);
        assertThat(operation.active()).isFalse();
    }

    @Test
    void progressTakesTheResolvedTargetAndKeepsThePlanWhenTheEventHasNone() {
        FailoverOperation operation = FailoverOperation.firstSeen(changed(OperationState.RUNNING, null, 0));
        operation.plan = "{\"workflow\":\"promote\"}";

        operation.progressed(changed(OperationState.COMPLETED_WITH_ERRORS, "site-b", 2), null);

        assertThat(operation.state).isEqualTo(OperationState.COMPLETED_WITH_ERRORS);
        assertThat(operation.target).isEqualTo("site-b");
        assertThat(operation.plan).isEqualTo("{\"workflow\":\"promote\"}");
        assertThat(operation.done).isEqualTo(2);
        assertThat(operation.switchedAny()).isTrue();
    }

    @Test
    void aCompletionWithErrorsThatSwitchedNothingSwitchedNothing() {
        OperationChanged nothingSwitched = changed(OperationState.COMPLETED_WITH_ERRORS, null, 0);
        FailoverOperation operation = FailoverOperation.firstSeen(nothingSwitched);
        operation.progressed(nothingSwitched, null);

        assertThat(operation.switchedAny()).isFalse();
    }

    private static OperationChanged changed(OperationState state, String target, int done) {
        return new OperationChanged("op-3", FailoverAction.FAILOVER, ReplicationScope.BACKEND, List.of("node1@fast"),
                target, state, "mediator: primary lost", null, true, null, 3, done, 3 - done, null, List.of(), AT,
                null);
    }
}
