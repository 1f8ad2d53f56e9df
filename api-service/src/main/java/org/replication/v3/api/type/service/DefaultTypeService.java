package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.DefaultVolumeType;
import org.replication.v3.api.type.repository.DefaultVolumeTypeRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;

/** Cinder's per-project default volume types (3.62): set, read, list and unset. */
@ApplicationScoped
public class DefaultTypeService {

    private static final Logger LOG = Logger.getLogger(DefaultTypeService.class);

    private final DefaultVolumeTypeRepository defaults;
    private final VolumeTypeRepository types;

    public DefaultTypeService(DefaultVolumeTypeRepository defaults, VolumeTypeRepository types) {
        this.defaults = defaults;
        this.types = types;
    }

    /** Makes the type (name or id) the project's default, replacing any earlier one. */
    @WithTransaction
    public Uni<DefaultVolumeType> set(String projectId, String typeIdentity) {
        return types.findByNameOrId(typeIdentity).flatMap(type -> {
            if (type == null) {
                return Uni.createFrom().failure(Uuids.parse(typeIdentity) != null
                        ? VolumeTypeService.notFound(typeIdentity)
                        : ApiException.notFound("Volume type with name " + typeIdentity + " could not be found."));
            }
            return defaults.findById(projectId).flatMap(existing -> {
                if (existing != null) {
                    existing.volumeTypeId = type.id;
                    existing.updatedAt = CinderTime.now();
                    return Uni.createFrom().item(existing);
                }
                DefaultVolumeType created = new DefaultVolumeType();
                created.projectId = projectId;
                created.volumeTypeId = type.id;
                created.createdAt = CinderTime.now();
                return defaults.persist(created);
            }).invoke(saved -> LOG.infof("project %s: default volume type set to %s", projectId, type.id));
        });
    }

    @WithSession
    public Uni<DefaultVolumeType> get(String projectId) {
        return defaults.findById(projectId).map(found -> {
            if (found == null) {
                throw ApiException.notFound("Default type for project " + projectId + " not found.");
            }
            return found;
        });
    }

    @WithSession
    public Uni<List<DefaultVolumeType>> list() {
        return defaults.listByProject();
    }

    /** Removes the project's default, if it has one; volumes then get the configured default type. */
    @WithTransaction
    public Uni<Void> unset(String projectId) {
        return defaults.deleteById(projectId).invoke(deleted -> {
            if (deleted) {
                LOG.infof("project %s: default volume type unset", projectId);
            }
        }).replaceWithVoid();
    }
}
