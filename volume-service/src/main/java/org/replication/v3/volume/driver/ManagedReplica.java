package org.replication.v3.volume.driver;

/** One volume of {@link VolumeDriver#manageReplicas}: managed (its provider id and size) or why not. */
public record ManagedReplica(String volumeId, String providerId, int sizeGb, String error) {

    public static ManagedReplica ok(String volumeId, String providerId, int sizeGb) {
        return new ManagedReplica(volumeId, providerId, sizeGb, null);
    }

    public static ManagedReplica refused(String volumeId, String error) {
        return new ManagedReplica(volumeId, null, 0, error);
    }
}
