package org.replication.v3.common.replication;

/**
 * Defaults below what users configure: a backend's (from its {@code replication_device} entry, for the pool a
 * volume is placed in) or the deployment's global ones. Null values fall through to the next level.
 *
 * @param scope {@link ReplicationScope#BACKEND} or {@link ReplicationScope#POOL} when the backend or this pool is
 *              replicated as a whole, so every volume placed there is replicated
 */
public record ReplicationDefaults(
        ReplicationScope scope,
        ReplicationMode mode,
        SyncTopology syncTopology,
        Boolean mediator,
        Integer rpoSeconds,
        String target) {

    public static final ReplicationDefaults NONE = new ReplicationDefaults(null, null, null, null, null, null);

    public boolean coversWholeLocation() {
        return scope != null && scope.coversWholeLocation();
    }
}
