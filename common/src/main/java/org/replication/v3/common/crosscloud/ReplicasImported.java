package org.replication.v3.common.crosscloud;

import java.util.List;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The volume-service's answer to one {@link ImportReplicas}: each volume now managed here, or why not. A volume
 * imported is recorded in the volume-service (available, not replicated); one refused left nothing behind.
 *
 * @param importId the import
 * @param host     host@backend
 * @param results  one per volume of the command
 */
public record ReplicasImported(String importId, String host, List<Result> results) implements DomainEvent {

    public static final String TYPE = "volume.replicas-imported.v1";

    /**
     * @param volumeId   the volume
     * @param documentId the document it came from
     * @param poolHost   host@backend#pool it is recorded at
     * @param providerId the driver's id for it (null on error)
     * @param size       GiB, as the array holds it
     * @param error      why it was not imported (null on success)
     */
    public record Result(String volumeId, String documentId, String poolHost, String providerId, int size,
            String error) {
    }

    public ReplicasImported {
        results = List.copyOf(results);
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
