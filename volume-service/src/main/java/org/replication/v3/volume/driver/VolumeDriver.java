package org.replication.v3.volume.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * What a storage vendor implements, shaped like Cinder's volume driver: it acts on the array and returns
 * model updates; it never touches this service's database (the lifecycle services own every state change).
 * Methods block (array I/O) and are always called on worker threads.
 */
public interface VolumeDriver {

    /** Creates the volume. Idempotent: called again for the same volume, it returns the same update. */
    ModelUpdate createVolume(VolumeSpec volume);

    /**
     * Creates many volumes, one answer per volume in order; a volume refused does not fail the others. Idempotent
     * per volume, as {@link #createVolume}. A driver whose array takes many volumes in one request overrides this;
     * by default each is created in turn.
     */
    default List<CreatedVolume> createVolumes(List<VolumeSpec> volumes) {
        List<CreatedVolume> created = new ArrayList<>();
        for (VolumeSpec volume : volumes) {
            try {
                created.add(CreatedVolume.ok(volume.id(), createVolume(volume)));
            } catch (VolumeDriverException e) {
                created.add(CreatedVolume.failed(volume.id(), e.getMessage()));
            }
        }
        return created;
    }

    /** Deletes the volume; deleting one that is not there succeeds. */
    void deleteVolume(VolumeSpec volume);

    /** Creates a generic volume group. Idempotent, as createVolume. */
    void createGroup(GroupSpec group);

    /** Deletes a group (its volumes are deleted one by one before); deleting one that is not there succeeds. */
    void deleteGroup(GroupSpec group);

    /**
     * Grows the volume to {@code newSizeGb}. Idempotent: a volume that already has that size (or more) is left as
     * it is, so a repeated command succeeds.
     */
    void extendVolume(VolumeSpec volume, int newSizeGb);

    /**
     * Takes over replicas another cloud exported (a cross-cloud import, Cinder's manage-existing): checks each on
     * this backend's array (it exists, serves there, is at the document's generation, and the array holds the
     * document's export digest) and makes it a plain volume of this backend (whatever pair the other cloud left on
     * it ends, so that replication can be enabled here afresh). One answer per volume, in order; a refused one is
     * left as it was. Idempotent: a volume taken over already is answered again.
     */
    List<ManagedReplica> manageReplicas(List<ReplicaToManage> replicas);

    /** The name of the array this backend's volumes live on, as the array reports it (null: unknown). */
    default String arrayName() {
        return null;
    }

    /** Capacity and capabilities, reported periodically to the scheduler and the API. */
    BackendStats stats();
}
