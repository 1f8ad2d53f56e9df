package org.replication.v3.volume.driver;

/** One volume of {@link ReplicationDriver#exportReplicas}: its replica's identity, or why it cannot be exported. */
public record ExportedReplica(String volumeId, ReplicaExport export, String error) {

    public static ExportedReplica ok(ReplicaExport export) {
        return new ExportedReplica(export.volumeId(), export, null);
    }

    public static ExportedReplica failed(String volumeId, String error) {
        return new ExportedReplica(volumeId, null, error);
    }
}
