package org.replication.v3.common.crosscloud;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * The portable document a cross-cloud export gives per volume and {@code import-replica} takes (docs/cross-cloud.md,
 * JSON Schema in {@code docs/cross-cloud/replica-document.schema.json}). Operators carry it between clouds, so it is
 * spelled as Cinder's API is (snake_case) and is self-contained: the importing cloud needs nothing of the exporting
 * one but the array the replica lives on.
 *
 * @param formatVersion {@link ReplicaDocuments#FORMAT_VERSION}; an importer refuses versions it does not know
 * @param documentId    new for each export of a volume: importing the same document twice is the same volume
 * @param digest        {@code sha256:<hex>} of the document's canonical form without this field
 *                      ({@link ReplicaDocuments#digest}); the export also records it on the replica's array, so a
 *                      document altered and re-digested is refused there
 * @param exportedAt    when the exporting cloud wrote it
 * @param source        where the volume came from, for people and audits
 * @param volumeId      the volume's id, kept by the import: it is the volume's name on the array
 * @param name          the volume's name (null: none)
 * @param description   its description (null: none)
 * @param size          size in GiB
 * @param metadata      the volume's metadata
 * @param bootable      Cinder's bootable flag
 * @param multiattach   Cinder's multiattach flag
 * @param encrypted     always false in an export (encrypted volumes are refused); an importer refuses true
 * @param volumeType    the volume type's name and extra specs in the exporting cloud
 * @param group         the generic volume group the volume belonged to (null: none)
 * @param replication   how the volume was replicated, and its failover
 * @param replica       the replica's identity on the array that serves it now, and its last consistent point
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplicaDocument(int formatVersion, String documentId, String digest, Instant exportedAt, Source source,
        String volumeId, String name, String description, int size, Map<String, String> metadata, boolean bootable,
        boolean multiattach, boolean encrypted, VolumeType volumeType, Group group, Replication replication,
        Replica replica) {

    public ReplicaDocument {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The same document with another digest (null while the digest is computed). */
    public ReplicaDocument withDigest(String newDigest) {
        return new ReplicaDocument(formatVersion, documentId, newDigest, exportedAt, source, volumeId, name,
                description, size, metadata, bootable, multiattach, encrypted, volumeType, group, replication,
                replica);
    }

    /**
     * @param projectId the project that owned the volume
     * @param host      host@backend#pool it lived on
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Source(String projectId, String host) {
    }

    /**
     * @param name       the type's name: the importing cloud uses its type of that name, or the one the import names
     * @param extraSpecs the type's extra specs, replication specs included
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record VolumeType(String name, Map<String, String> extraSpecs) {

        public VolumeType {
            extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
        }
    }

    /**
     * @param id            the group's id, kept by the import (all of a group's volumes re-join one group)
     * @param name          its name (null: none)
     * @param groupTypeName its group type's name
     * @param groupSpecs    its group type's specs
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(String id, String name, String groupTypeName, Map<String, String> groupSpecs) {

        public Group {
            groupSpecs = groupSpecs == null ? Map.of() : Map.copyOf(groupSpecs);
        }
    }

    /**
     * @param mode         sync or async
     * @param rpoSeconds   the async RPO (null for sync)
     * @param scope        volume, group, pool or backend
     * @param failedOver   whether the volume had failed over to the replica when exported (an export refuses
     *                     anything else; an import refuses false)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Replication(ReplicationMode mode, Integer rpoSeconds, ReplicationScope scope, boolean failedOver) {
    }

    /**
     * @param array            the array's name (as the array reports it and both clouds configure it)
     * @param backendId        the replication target's backend_id in the exporting cloud
     * @param providerLocation where the replica lives on the array ({@code <array>:<pool>/volume-<id>})
     * @param pool             the array pool holding it
     * @param sizeBytes        the replica's size on the array
     * @param generation       the replica's generation when exported: the import refuses a replica that has
     *                         moved to another generation since (it was failed back, or written by another owner)
     * @param consistentAt     the last instant the replica holds everything the primary had (its data as of)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Replica(String array, String backendId, String providerLocation, String pool, long sizeBytes,
            long generation, Instant consistentAt) {
    }
}
