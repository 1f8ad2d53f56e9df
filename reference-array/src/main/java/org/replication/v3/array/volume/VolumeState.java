package org.replication.v3.array.volume;

import java.time.Instant;

/**
 * Everything the array must remember about one volume across a crash: written atomically to the volume's
 * {@code state.json} on every change, read back as it is at start. No field is derived from file times.
 *
 * @param generation raised by every promote; a side that learns of a higher one is fenced
 * @param fence set while this side may not take writes (a higher generation owns the volume)
 * @param lastConsistentAt the time of the newest point-in-time image both sides hold (async), or of the last
 *        applied image on a secondary
 * @param pool the caller's label for where the volume belongs (a Cinder pool); only counted, never interpreted
 * @param promotedBy who made this side primary by its last promote (driver, operator, mediator), so a control
 *        plane that did not make the call can tell who did
 * @param export the last cross-cloud export of this copy (null: never exported): the importing cloud checks that
 *        a document's digest is the one recorded here, so an altered document is refused at the array
 */
public record VolumeState(String id, long sizeBytes, Role role, long generation, Fence fence, Pair pair,
        Instant lastConsistentAt, String pool, String promotedBy, ExportMarker export) {

    public VolumeState(String id, long sizeBytes, Role role, long generation, Fence fence, Pair pair,
            Instant lastConsistentAt) {
        this(id, sizeBytes, role, generation, fence, pair, lastConsistentAt, null, null, null);
    }

    public VolumeState withSize(long size) {
        return new VolumeState(id, size, role, generation, fence, pair, lastConsistentAt, pool, promotedBy, export);
    }

    public VolumeState withRole(Role newRole) {
        return new VolumeState(id, sizeBytes, newRole, generation, fence, pair,
                lastConsistentAt, pool, promotedBy, export);
    }

    public VolumeState withGeneration(long newGeneration) {
        return new VolumeState(id, sizeBytes, role, newGeneration, fence, pair,
                lastConsistentAt, pool, promotedBy, export);
    }

    public VolumeState withFence(Fence newFence) {
        return new VolumeState(id, sizeBytes, role, generation, newFence, pair,
                lastConsistentAt, pool, promotedBy, export);
    }

    public VolumeState withPair(Pair newPair) {
        return new VolumeState(id, sizeBytes, role, generation, fence, newPair,
                lastConsistentAt, pool, promotedBy, export);
    }

    public VolumeState withLastConsistentAt(Instant at) {
        return new VolumeState(id, sizeBytes, role, generation, fence, pair, at, pool, promotedBy, export);
    }

    public VolumeState withPromotedBy(String by) {
        return new VolumeState(id, sizeBytes, role, generation, fence, pair, lastConsistentAt, pool, by, export);
    }

    public VolumeState withExport(ExportMarker marker) {
        return new VolumeState(id, sizeBytes, role, generation, fence, pair, lastConsistentAt, pool, promotedBy,
                marker);
    }
}
