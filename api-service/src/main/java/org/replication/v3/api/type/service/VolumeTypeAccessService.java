package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.UniqueViolation;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.VolumeTypeAccess;
import org.replication.v3.api.type.repository.VolumeTypeAccessRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;

/**
 * Cinder's {@code os-volume-type-access}: which projects may see and use a private type. Public types have no
 * access list; asking for theirs is a 404 and changing it a 400, as in Cinder.
 */
@ApplicationScoped
public class VolumeTypeAccessService {

    private static final Logger LOG = Logger.getLogger(VolumeTypeAccessService.class);

    private final VolumeTypeRepository types;
    private final VolumeTypeAccessRepository access;

    public VolumeTypeAccessService(VolumeTypeRepository types, VolumeTypeAccessRepository access) {
        this.types = types;
        this.access = access;
    }

    @WithSession
    public Uni<List<VolumeTypeAccess>> list(String typeId) {
        return type(typeId).flatMap(type -> {
            if (type.isPublic) {
                return Uni.createFrom().failure(
                        ApiException.notFound("Access list not available for public volume types."));
            }
            return access.forType(type.id);
        });
    }

    @WithTransaction
    public Uni<Void> add(String typeId, String projectId) {
        return privateType(typeId).flatMap(type -> access.find(type.id, projectId).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(exists(type.id, projectId));
            }
            VolumeTypeAccess granted = new VolumeTypeAccess();
            granted.volumeTypeId = type.id;
            granted.projectId = projectId;
            granted.createdAt = CinderTime.now();
            return access.persistAndFlush(granted)
                    .invoke(() -> LOG.infof("volume type %s: access granted to project %s", type.id, projectId))
                    .replaceWithVoid();
        }).onFailure(UniqueViolation::is).transform(raced -> exists(type.id, projectId)));
    }

    @WithTransaction
    public Uni<Void> remove(String typeId, String projectId) {
        return privateType(typeId).flatMap(type -> access.find(type.id, projectId).flatMap(existing -> {
            if (existing == null) {
                return Uni.createFrom().failure(ApiException.notFound("Volume type access not found for "
                        + type.id + " / " + projectId + " combination."));
            }
            return access.delete(existing)
                    .invoke(() -> LOG.infof("volume type %s: access of project %s removed", type.id, projectId));
        }));
    }

    private Uni<VolumeType> privateType(String typeId) {
        return type(typeId).map(type -> {
            if (type.isPublic) {
                throw ApiException.badRequest("Invalid volume type: Type access modification is not applicable"
                        + " to public volume type.");
            }
            return type;
        });
    }

    private Uni<VolumeType> type(String typeId) {
        UUID id = Uuids.parse(typeId);
        if (id == null) {
            return Uni.createFrom().failure(VolumeTypeService.notFound(typeId));
        }
        return types.findById(id).map(type -> {
            if (type == null) {
                throw VolumeTypeService.notFound(typeId);
            }
            return type;
        });
    }

    private static ApiException exists(UUID typeId, String projectId) {
        return ApiException.conflict("Volume type access for " + typeId + " / " + projectId
                + " combination already exists.");
    }
}
