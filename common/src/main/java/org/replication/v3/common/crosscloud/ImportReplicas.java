package org.replication.v3.common.crosscloud;

import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The api-service of the importing cloud asks the volume-service hosting {@code host} to manage replicas exported
 * by another cloud (at most {@link ExportReplicas#MAX_VOLUMES} per command). The volume-service checks each on its
 * array (it exists, serves, is at the document's generation and carries the document's digest), records the volume
 * (not replicated) and answers with {@link ReplicasImported}.
 *
 * @param importId the import (api-service's {@code replica_import})
 * @param host     host@backend that manages the array the replicas live on
 * @param volumes  one per document
 */
public record ImportReplicas(String importId, String host, List<Entry> volumes) implements DomainEvent {

    public static final String TYPE = "volume.import-replicas.v1";

    /**
     * @param volumeId     the volume's id here (the document's)
     * @param projectId    the importing project
     * @param poolHost     host@backend#pool the volume is recorded at
     * @param volumeTypeId the volume type it gets here
     * @param extraSpecs   that type's extra specs
     * @param groupId      the group it joins here (null: none); the volume-service creates it when missing
     * @param document     the document as imported (its digest checked by the api-service)
     */
    public record Entry(String volumeId, String projectId, String poolHost, String volumeTypeId,
            Map<String, String> extraSpecs, String groupId, ReplicaDocument document) {

        public Entry {
            extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
        }
    }

    public ImportReplicas {
        volumes = List.copyOf(volumes);
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
