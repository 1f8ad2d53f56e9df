package org.replication.v3.common.crosscloud;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The volume-service's answer to one {@link ExportReplicas}: a document or an error per volume. When the command
 * cleared existing records, the volume-service has deleted its rows of the exported volumes (and of groups left
 * empty) in the transaction of this event: every other service forgets them on reading it.
 *
 * @param exportId        the export
 * @param host            host@backend
 * @param clearedExisting whether the exported volumes' records were removed from this cloud
 * @param results         one per volume of the command
 * @param clearedGroupIds groups whose last volume left with this export (deleted with them)
 */
public record ReplicasExported(String exportId, String host, boolean clearedExisting, List<Result> results,
        List<String> clearedGroupIds) implements DomainEvent {

    public static final String TYPE = "volume.replicas-exported.v1";

    /**
     * @param volumeId the volume
     * @param document its document (null on error)
     * @param error    why it was not exported (null on success); a volume not exported is never cleared
     */
    public record Result(String volumeId, ReplicaDocument document, String error) {
    }

    public ReplicasExported {
        results = List.copyOf(results);
        clearedGroupIds = clearedGroupIds == null ? List.of() : List.copyOf(clearedGroupIds);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return host;
    }
}
