package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.type.SpecTypeCatalog;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.DefaultVolumeTypeRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.repository.VolumeRepository;

/**
 * Volume types and their extra specs, with Cinder's rules: those of every {@link SpecTypeCatalog}, and besides, the
 * default type keeps its name, a project's default type stays, private types are seen through access lists, and
 * neither a type's specs change while volumes use it (a volume keeps the specs it was placed with).
 */
@ApplicationScoped
public class VolumeTypeService {

    private static final SpecTypeCatalog.Kind KIND = new SpecTypeCatalog.Kind("volume", "extra specs", "volumes");

    private final VolumeTypeRepository types;
    private final VolumeRepository volumes;
    private final DefaultVolumeTypeRepository defaults;
    private final SpecTypeCatalog<VolumeType> catalog;

    public VolumeTypeService(VolumeTypeRepository types, VolumeRepository volumes,
            DefaultVolumeTypeRepository defaults, ApiConfig config, ReplicationValidation replication) {
        this.types = types;
        this.volumes = volumes;
        this.defaults = defaults;
        this.catalog = new SpecTypeCatalog<>(types, VolumeType::new, KIND, config.defaultVolumeType(),
                replication::checkVolumeType, volumes::typeInUse);
    }

    @WithTransaction
    public Uni<VolumeType> create(NewVolumeType request) {
        return catalog.create(request.name(), request.description(), request.isPublic(), request.extraSpecs());
    }

    /** {@code publicOnly}: true for public and accessible types, false for private ones, null for all. */
    @WithSession
    public Uni<List<VolumeType>> list(Boolean publicOnly, String projectId, TypeListQuery query) {
        return types.list(publicOnly, projectId).map(query::page);
    }

    /** By id or by name, as Cinder's type show accepts both. */
    @WithSession
    public Uni<VolumeType> show(String identity, TypeReader reader) {
        return types.findVisible(identity, reader.projectId(), reader.anyType())
                .map(type -> found(type, identity));
    }

    /** The project's default type, else the configured one. */
    @WithSession
    public Uni<VolumeType> showDefault(String projectId) {
        return types.findDefault(projectId, catalog.defaultName()).map(type -> found(type, catalog.defaultName()));
    }

    /** Renames, describes or publishes a type; the configured default keeps its name, names stay unique. */
    @WithTransaction
    public Uni<VolumeType> update(String typeId, TypeChanges changes) {
        return catalog.locked(typeId).flatMap(type -> {
            if (changes.name() != null && !changes.name().equals(type.name)
                    && type.name.equals(catalog.defaultName())) {
                return Uni.createFrom().failure(ApiException.badRequest("The default volume type can not be renamed."));
            }
            return catalog.update(type, changes);
        });
    }

    /** Also kept while it is some project's default. */
    @WithTransaction
    public Uni<Void> delete(String typeId) {
        return catalog.delete(typeId, type -> defaults.isDefaultOfSomeProject(type.id).invoke(projectDefault -> {
            if (projectDefault) {
                throw ApiException.badRequest("The volume type " + type.id
                        + " is the default volume type of a project and cannot be deleted.");
            }
        }).replaceWithVoid());
    }

    @WithSession
    public Uni<Map<String, String>> extraSpecs(String typeId, TypeReader reader) {
        if (Uuids.parse(typeId) == null) {
            return Uni.createFrom().failure(notFound(typeId));
        }
        return types.findVisible(typeId, reader.projectId(), reader.anyType())
                .map(type -> found(type, typeId).extraSpecs);
    }

    /** Adds or replaces the given specs, leaving the others; the result must be valid replication settings. */
    @WithTransaction
    public Uni<Void> setExtraSpecs(String typeId, Map<String, String> specs) {
        return unused(typeId).flatMap(type -> catalog.setSpecs(type, specs));
    }

    @WithTransaction
    public Uni<Void> deleteExtraSpec(String typeId, String key) {
        return unused(typeId).invoke(type -> catalog.deleteSpec(type, key)).replaceWithVoid();
    }

    public static ApiException noSuchSpec(String typeId, String key) {
        return KIND.noSuchSpec(typeId, key);
    }

    public static ApiException notFound(String typeId) {
        return KIND.notFound(typeId);
    }

    /** The type, locked, and refused while a live volume uses it. */
    private Uni<VolumeType> unused(String typeId) {
        return catalog.locked(typeId).call(type -> volumes.typeInUse(type.id).invoke(inUse -> {
            if (inUse) {
                throw ApiException.badRequest("Volume Type is currently in use.");
            }
        }));
    }

    private static VolumeType found(VolumeType type, String identity) {
        if (type == null) {
            throw Uuids.parse(identity) != null ? notFound(identity)
                    : ApiException.notFound("Volume type with name " + identity + " could not be found.");
        }
        return type;
    }
}
