package org.replication.v3.common.crosscloud;

import java.util.List;
import java.util.Map;
import org.replication.v3.common.messaging.DomainEvent;

/**
 * The api-service asks the volume-service hosting {@code host} to export failed-over volumes' replicas for another
 * cloud (at most {@link #MAX_VOLUMES} per command; an export of more is several commands). The volume-service's
 * driver adds where each replica lives and its last consistent point, records each document's digest on the
 * replica's array, and answers with {@link ReplicasExported}.
 *
 * @param exportId      the export (api-service's {@code replica_export})
 * @param host          host@backend the volumes are on
 * @param clearExisting forget the volumes in this cloud once exported (rows and replication, never the arrays)
 * @param volumes       what the api-service owns of each volume, for its document
 */
public record ExportReplicas(String exportId, String host, boolean clearExisting, List<Entry> volumes)
        implements DomainEvent {

    public static final String TYPE = "volume.export-replicas.v1";

    /** Keeps a command and its answer (a document each, about 1.5 kB) well under Kafka's 1 MB message size. */
    public static final int MAX_VOLUMES = 250;

    /**
     * @param volumeId        the volume
     * @param projectId       its project
     * @param name            its name (null: none)
     * @param description     its description (null: none)
     * @param size            GiB
     * @param metadata        its metadata
     * @param bootable        Cinder's bootable flag
     * @param multiattach     Cinder's multiattach flag
     * @param volumeTypeName  its type's name
     * @param volumeTypeSpecs its type's extra specs
     * @param groupId         its group (null: none)
     * @param groupName       the group's name
     * @param groupTypeName   the group's type's name
     * @param groupSpecs      the group type's specs
     */
    public record Entry(String volumeId, String projectId, String name, String description, int size,
            Map<String, String> metadata, boolean bootable, boolean multiattach, String volumeTypeName,
            Map<String, String> volumeTypeSpecs, String groupId, String groupName, String groupTypeName,
            Map<String, String> groupSpecs) {

        public Entry {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            volumeTypeSpecs = volumeTypeSpecs == null ? Map.of() : Map.copyOf(volumeTypeSpecs);
            groupSpecs = groupSpecs == null ? Map.of() : Map.copyOf(groupSpecs);
        }
    }

    public ExportReplicas {
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
