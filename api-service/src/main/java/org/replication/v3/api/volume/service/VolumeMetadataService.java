package org.replication.v3.api.volume.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;

/**
 * What a user says about a volume: its name, description and metadata (PUT volumes/{id} and the metadata calls),
 * with Cinder's refusals for volumes in maintenance or being uploaded.
 */
@ApplicationScoped
public class VolumeMetadataService {

    private static final Logger LOG = Logger.getLogger(VolumeMetadataService.class);

    private final VisibleVolumes volumes;

    public VolumeMetadataService(VisibleVolumes volumes) {
        this.volumes = volumes;
    }

    /** PUT volumes/{id}; answers the volume as it is now, with its type loaded for the response. */
    public Uni<Volume> update(Caller caller, UUID id, VolumeEdit edit) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumes.lock(caller, id).flatMap(volume -> {
            if (volume.status == VolumeStatus.MAINTENANCE) {
                throw ApiException.badRequest("Invalid volume: The volume cannot be updated during maintenance.");
            }
            volume.describe(edit.name().isPresent() ? edit.name().get().orElse(null) : volume.name,
                    edit.description().isPresent() ? edit.description().get().orElse(null) : volume.description,
                    edit.metadata().<Map<String, String>>map(LinkedHashMap::new).orElse(volume.metadata), now);
            LOG.infof("volume %s: updated by %s/%s", id, caller.projectId(), caller.userId());
            return volumes.withType(volume);
        }));
    }

    @WithSession
    public Uni<Map<String, String>> metadata(Caller caller, UUID id) {
        return volumes.read(caller, id).map(volume -> volume.metadata);
    }

    /**
     * POST (and PUT of one key): adds and overwrites the given keys; answers the whole metadata.
     *
     * @param unchanged whether the current metadata is still what the caller expects; if not, nothing is written
     *                  and the answer fails with {@link MetadataChanged}
     */
    public Uni<Map<String, String>> merge(Caller caller, UUID id, Map<String, String> metadata,
            Predicate<Map<String, String>> unchanged) {
        return change(caller, id, unchanged, current -> {
            Map<String, String> merged = new LinkedHashMap<>(current);
            merged.putAll(metadata);
            return merged;
        }, "merged " + metadata.keySet());
    }

    /** PUT of the whole metadata: replaces it; answers the whole metadata. See {@link #merge} for unchanged. */
    public Uni<Map<String, String>> replace(Caller caller, UUID id, Map<String, String> metadata,
            Predicate<Map<String, String>> unchanged) {
        return change(caller, id, unchanged, current -> new LinkedHashMap<>(metadata), "replaced");
    }

    public Uni<Void> deleteKey(Caller caller, UUID id, String key) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumes.lock(caller, id).map(volume -> {
            if (volume.status == VolumeStatus.MAINTENANCE || volume.status == VolumeStatus.UPLOADING) {
                throw ApiException.badRequest("Invalid volume: Deleting volume metadata is not allowed for volumes in "
                        + volume.status.value() + " status.");
            }
            if (!volume.metadata.containsKey(key)) {
                throw noSuchKey(id, key);
            }
            Map<String, String> remaining = new LinkedHashMap<>(volume.metadata);
            remaining.remove(key);
            volume.describe(volume.name, volume.description, remaining, now);
            LOG.infof("volume %s: metadata key %s deleted by %s/%s", id, key, caller.projectId(), caller.userId());
            return null;
        }));
    }

    /** Cinder's VolumeMetadataNotFound. */
    public static ApiException noSuchKey(UUID id, String key) {
        return ApiException.notFound("Volume " + id + " has no metadata with key " + key + ".");
    }

    private Uni<Map<String, String>> change(Caller caller, UUID id, Predicate<Map<String, String>> unchanged,
            UnaryOperator<Map<String, String>> change, String what) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumes.lock(caller, id).map(volume -> {
            if (volume.status == VolumeStatus.MAINTENANCE || volume.status == VolumeStatus.UPLOADING) {
                throw ApiException.badRequest("Invalid volume: Updating volume metadata is not allowed for volumes in "
                        + volume.status.value() + " status.");
            }
            if (!unchanged.test(volume.metadata)) {
                LOG.infof("volume %s: metadata write refused, If-Match no longer holds", id);
                throw new MetadataChanged(id);
            }
            Map<String, String> metadata = change.apply(volume.metadata);
            volume.describe(volume.name, volume.description, metadata, now);
            LOG.infof("volume %s: metadata %s by %s/%s", id, what, caller.projectId(), caller.userId());
            return metadata;
        }));
    }
}
