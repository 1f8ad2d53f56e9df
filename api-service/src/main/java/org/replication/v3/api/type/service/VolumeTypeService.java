package org.replication.v3.api.type.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.UniqueViolation;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.repository.VolumeRepository;

/**
 * Volume types and their extra specs, with Cinder's rules: names are unique, the default type stays, and neither
 * a type nor its extra specs change while volumes use it (a volume keeps the specs it was placed with).
 */
@ApplicationScoped
public class VolumeTypeService {

    private final VolumeTypeRepository types;
    private final VolumeRepository volumes;
    private final String defaultTypeName;

    public VolumeTypeService(VolumeTypeRepository types, VolumeRepository volumes, ApiConfig config) {
        this.types = types;
        this.volumes = volumes;
        this.defaultTypeName = config.defaultVolumeType();
    }

    @WithTransaction
    public Uni<VolumeType> create(NewVolumeType request) {
        return types.findByName(request.name()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(exists(request.name()));
            }
            VolumeType type = new VolumeType();
            type.id = UUID.randomUUID();
            type.name = request.name();
            type.description = request.description();
            type.isPublic = request.isPublic();
            type.extraSpecs = new LinkedHashMap<>(request.extraSpecs());
            type.createdAt = CinderTime.now();
            return types.persistAndFlush(type);
        }).onFailure(UniqueViolation::is).transform(raced -> exists(request.name()));
    }

    @WithSession
    public Uni<List<VolumeType>> list(boolean includePrivate) {
        return types.list(includePrivate);
    }

    /** By id or by name, as Cinder's type show accepts both. */
    @WithSession
    public Uni<VolumeType> show(String identity, boolean includePrivate) {
        return types.findByNameOrId(identity).map(type -> visible(type, includePrivate, identity));
    }

    @WithSession
    public Uni<VolumeType> showDefault(boolean includePrivate) {
        return types.findByName(defaultTypeName).map(type -> visible(type, includePrivate, defaultTypeName));
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
                    : types.delete(type));
        });
    }

    @WithSession
    public Uni<Map<String, String>> extraSpecs(String typeId, boolean includePrivate) {
        return byId(typeId).map(type -> visible(type, includePrivate, typeId).extraSpecs);
    }

    /** Adds or replaces the given specs, leaving the others. */
    @WithTransaction
    public Uni<Void> setExtraSpecs(String typeId, Map<String, String> specs) {
        return unused(typeId).invoke(type -> {
            Map<String, String> merged = new LinkedHashMap<>(type.extraSpecs);
            merged.putAll(specs);
            type.extraSpecs = merged;
            type.updatedAt = CinderTime.now();
        }).replaceWithVoid();
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

    private Uni<VolumeType> byId(String typeId) {
        UUID id = Uuids.parse(typeId);
        return id == null ? Uni.createFrom().failure(notFound(typeId)) : types.findById(id);
    }

    private static VolumeType visible(VolumeType type, boolean includePrivate, String identity) {
        if (type == null || (!type.isPublic && !includePrivate)) {
            throw Uuids.parse(identity) != null ? notFound(identity)
                    : ApiException.notFound("Volume type with name " + identity + " could not be found.");
        }
        return type;
    }

    public static ApiException notFound(String typeId) {
        return ApiException.notFound("Volume type " + typeId + " could not be found.");
    }

    private static ApiException exists(String name) {
        return ApiException.conflict("Volume Type " + name + " already exists.");
    }
}
