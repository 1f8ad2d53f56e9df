package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.UniqueViolation;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.DefaultVolumeTypeRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.repository.VolumeRepository;

/**
 * Volume types and their extra specs, with Cinder's rules: names are unique, the default type stays, and neither
 * a type nor its extra specs change while volumes use it (a volume keeps the specs it was placed with).
 */
@ApplicationScoped
public class VolumeTypeService {

    private static final Logger LOG = Logger.getLogger(VolumeTypeService.class);

    private final VolumeTypeRepository types;
    private final VolumeRepository volumes;
    private final DefaultVolumeTypeRepository defaults;
    private final String defaultTypeName;
    private final ReplicationValidation replication;

    public VolumeTypeService(VolumeTypeRepository types, VolumeRepository volumes,
            DefaultVolumeTypeRepository defaults, ApiConfig config, ReplicationValidation replication) {
        this.types = types;
        this.volumes = volumes;
        this.defaults = defaults;
        this.defaultTypeName = config.defaultVolumeType();
        this.replication = replication;
    }

    @WithTransaction
    public Uni<VolumeType> create(NewVolumeType request) {
        return types.findByName(request.name()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(exists(request.name()));
            }
            return replication.checkVolumeType(request.extraSpecs());
        }).flatMap(valid -> {
            VolumeType type = new VolumeType();
            type.id = UUID.randomUUID();
            type.name = request.name();
            type.description = request.description();
            type.isPublic = request.isPublic();
            type.extraSpecs = new LinkedHashMap<>(request.extraSpecs());
            type.createdAt = CinderTime.now();
            return types.persistAndFlush(type)
                    .invoke(created -> LOG.infof("volume type %s: created as %s", created.id, created.name));
        }).onFailure(UniqueViolation::is).transform(raced -> exists(request.name()));
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
        return types.findDefault(projectId, defaultTypeName).map(type -> found(type, defaultTypeName));
    }

    /** Renames, describes or publishes a type; the configured default keeps its name, names stay unique. */
    @WithTransaction
    public Uni<VolumeType> update(String typeId, TypeChanges changes) {
        return locked(typeId).flatMap(type -> {
            if (changes.name() != null && !changes.name().equals(type.name) && type.name.equals(defaultTypeName)) {
                return Uni.createFrom().failure(ApiException.badRequest("The default volume type can not be renamed."));
            }
            Uni<VolumeType> sameName = changes.name() == null ? Uni.createFrom().nullItem()
                    : types.findByName(changes.name());
            return sameName.map(other -> {
                if (other != null && !other.id.equals(type.id)) {
                    throw exists(changes.name());
                }
                if (changes.name() != null) {
                    type.name = changes.name();
                }
                if (changes.description() != null) {
                    type.description = changes.description();
                }
                if (changes.isPublic() != null) {
                    type.isPublic = changes.isPublic();
                }
                type.updatedAt = CinderTime.now();
                LOG.infof("volume type %s: updated (name %s, public %s)", type.id, type.name, type.isPublic);
                return type;
            }).call(types::flush);
        }).onFailure(UniqueViolation::is).transform(raced -> exists(changes.name()));
    }

    @WithTransaction
    public Uni<Void> delete(String typeId) {
        return locked(typeId).flatMap(type -> {
            if (type.name.equals(defaultTypeName)) {
                return Uni.createFrom().failure(ApiException.badRequest("Default volume type can not be deleted."));
            }
            return volumes.typeInUse(type.id).flatMap(inUse -> inUse
                    ? Uni.createFrom().failure(ApiException.badRequest("Volume Type " + type.id
                            + " deletion is not allowed with volumes present with the type."))
                    : defaults.isDefaultOfSomeProject(type.id).flatMap(projectDefault -> projectDefault
                            ? Uni.createFrom().failure(ApiException.badRequest("The volume type " + type.id
                                    + " is the default volume type of a project and cannot be deleted."))
                            : types.delete(type)
                                    .invoke(() -> LOG.infof("volume type %s: deleted", type.id))));
        });
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
        return unused(typeId).flatMap(type -> {
            Map<String, String> merged = new LinkedHashMap<>(type.extraSpecs);
            merged.putAll(specs);
            return replication.checkVolumeType(merged).invoke(() -> {
                type.extraSpecs = merged;
                type.updatedAt = CinderTime.now();
            });
        });
    }

    @WithTransaction
    public Uni<Void> deleteExtraSpec(String typeId, String key) {
        return unused(typeId).invoke(type -> {
            if (!type.extraSpecs.containsKey(key)) {
                throw noSuchSpec(type.id.toString(), key);
            }
            Map<String, String> remaining = new LinkedHashMap<>(type.extraSpecs);
            remaining.remove(key);
            type.extraSpecs = remaining;
            type.updatedAt = CinderTime.now();
        }).replaceWithVoid();
    }

    public static ApiException noSuchSpec(String typeId, String key) {
        return ApiException.notFound("Volume Type " + typeId + " has no extra specs with key " + key + ".");
    }

    /** The type, locked, and refused while a live volume uses it. */
    private Uni<VolumeType> unused(String typeId) {
        return locked(typeId).call(type -> volumes.typeInUse(type.id).invoke(inUse -> {
            if (inUse) {
                throw ApiException.badRequest("Volume Type is currently in use.");
            }
        }));
    }

    private Uni<VolumeType> locked(String typeId) {
        UUID id = Uuids.parse(typeId);
        if (id == null) {
            return Uni.createFrom().failure(notFound(typeId));
        }
        return types.findForUpdate(id).map(type -> {
            if (type == null) {
                throw notFound(typeId);
            }
            return type;
        });
    }

    private static VolumeType found(VolumeType type, String identity) {
        if (type == null) {
            throw Uuids.parse(identity) != null ? notFound(identity)
                    : ApiException.notFound("Volume type with name " + identity + " could not be found.");
        }
        return type;
    }

    public static ApiException notFound(String typeId) {
        return ApiException.notFound("Volume type " + typeId + " could not be found.");
    }

    static ApiException exists(String name) {
        return ApiException.conflict("Volume Type " + name + " already exists.");
    }
}
