package org.replication.v3.api.failover;

import io.smallrye.mutiny.Uni;

/**
 * What an operation means beyond the operations view: a backend's volume service in os-services, a group's
 * replication_status. The operation events call every listener and the failover package knows none of them, so
 * the state a backend or a group shows comes from one place whichever API started the operation.
 */
public interface FailoverOutcomeListener {

    /** The replication-service runs it (also an operation the API never accepted); in the event's transaction. */
    Uni<Void> running(FailoverOperation operation);

    /** It ended: refused, planned, completed or completed with errors; in the event's transaction. */
    Uni<Void> ended(FailoverOperation operation);
}
