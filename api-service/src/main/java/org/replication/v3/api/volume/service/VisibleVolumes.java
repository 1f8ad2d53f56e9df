package org.replication.v3.api.volume.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeRepository;

/**
 * Finds the volume a request acts on, as the caller may see it: admins see every project's volumes, others only
 * their own, and a volume they may not see (or a deleted one) does not exist (404).
 */
@ApplicationScoped
public class VisibleVolumes {

    private final VolumeRepository volumes;

    public VisibleVolumes(VolumeRepository volumes) {
        this.volumes = volumes;
    }

    /** For a change: locked until the transaction ends, so that concurrent requests decide one after the other. */
    public Uni<Volume> lock(Caller caller, UUID id) {
        return volumes.findForUpdate(id).map(volume -> visible(caller, volume, id));
    }

    public Uni<Volume> read(Caller caller, UUID id) {
        return volumes.findLive(id).map(volume -> visible(caller, volume, id));
    }

    /** Loads the volume's type, which responses that show the whole volume name. */
    public Uni<Volume> withType(Volume volume) {
        if (volume.volumeType == null) {
            return Uni.createFrom().item(volume);
        }
        return Mutiny.fetch(volume.volumeType).replaceWith(volume);
    }

    private static Volume visible(Caller caller, Volume volume, UUID id) {
        if (volume == null || !volume.live() || !(caller.admin() || caller.projectId().equals(volume.projectId))) {
            throw VolumeService.notFound(id);
        }
        return volume;
    }
}
