package org.replication.v3.api.failover;

import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.api.error.ApiException;

/**
 * A domain a failover names or moves besides the volumes themselves: the groups of a group scope, the volume
 * services (os-services) of pool and backend scopes. The failover package knows none of them: it calls every
 * participant (CDI finds them) when an order is accepted and at each step of the operation's events, so the state a
 * backend or a group shows comes from one place whichever API started the operation. Each participant ignores the
 * scopes that are not its own.
 */
public interface FailoverParticipant {

    /**
     * Refuses an order that names resources of this participant that do not exist (an {@link ApiException}); runs in
     * the transaction that accepts the order, before the overlap check.
     */
    default Uni<Void> requested(FailoverOrder order) {
        return Uni.createFrom().voidItem();
    }

    /** The replication-service runs it (also an operation the API never accepted); in the event's transaction. */
    default Uni<Void> running(FailoverOperation operation) {
        return Uni.createFrom().voidItem();
    }

    /** It ended: refused, planned, completed or completed with errors; in the event's transaction. */
    default Uni<Void> ended(FailoverOperation operation) {
        return Uni.createFrom().voidItem();
    }

    /** Cinder's 404 for the first of {@code wanted} (volumes or groups) that is not among {@code found}. */
    static void requireFound(String what, List<UUID> wanted, Collection<UUID> found) {
        Set<UUID> present = new HashSet<>(found);
        for (UUID id : wanted) {
            if (!present.contains(id)) {
                throw ApiException.notFound(what + " " + id + " could not be found.");
            }
        }
    }
}
