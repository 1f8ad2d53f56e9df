package org.replication.v3.api.group.service;

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
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.validation.Uuids;

/**
 * Group types and their group specs, with Cinder's rules: names are unique, a type groups use cannot be deleted,
 * and private types are unknown to those who may not see them. Specs are stored as given, whatever their key, so
 * that the replication keys of a later issue need nothing new here.
 */
@ApplicationScoped
public class GroupTypeService {

    private static final Logger LOG = Logger.getLogger(GroupTypeService.class);

    private final GroupTypeRepository types;
    private final GroupRepository groups;
    private final String defaultTypeName;
    private final ReplicationValidation replication;

    public GroupTypeService(GroupTypeRepository types, GroupRepository groups, ApiConfig config,
            ReplicationValidation replication) {
        this.types = types;
        this.groups = groups;
        this.defaultTypeName = config.defaultGroupType();
        this.replication = replication;
    }

    @WithTransaction
    public Uni<GroupType> create(NewGroupType request) {
        return types.findByName(request.name()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(exists(request.name()));
            }
            replication.checkGroupType(request.groupSpecs());
            GroupType type = new GroupType();
            type.id = UUID.randomUUID();
            type.name = request.name();
            type.description = request.description();
            type.isPublic = request.isPublic();
            type.groupSpecs = new LinkedHashMap<>(request.groupSpecs());
            type.createdAt = CinderTime.now();
            return types.persistAndFlush(type)
                    .invoke(() -> LOG.infof("group type %s: created as %s", type.id, type.name));
        }).onFailure(UniqueViolation::is).transform(raced -> exists(request.name()));
    }

    @WithSession
    public Uni<List<GroupType>> list(boolean includePrivate) {
        return types.list(includePrivate);
    }

    @WithSession
    public Uni<GroupType> show(String typeId, boolean includePrivate) {
        return byId(typeId).map(type -> visible(type, includePrivate, typeId));
    }

    @WithSession
    public Uni<GroupType> showDefault(boolean includePrivate) {
        return types.findByName(defaultTypeName).map(type -> {
            if (type == null || (!type.isPublic && !includePrivate)) {
                throw ApiException.notFound("Default group type can not be found.");
            }
            return type;
        });
    }

    /** Name, description and visibility; a name another type has is a conflict. */
    @WithTransaction
    public Uni<GroupType> update(String typeId, GroupTypeChange change) {
        return locked(typeId).flatMap(type -> {
            Uni<Void> nameFree = change.name() == null || change.name().equals(type.name)
                    ? Uni.createFrom().voidItem()
                    : types.findByName(change.name()).invoke(other -> {
                        if (other != null) {
                            throw exists(change.name());
                        }
                    }).replaceWithVoid();
            return nameFree.map(free -> {
                if (change.name() != null) {
                    type.name = change.name();
                }
                if (change.description() != null) {
                    type.description = change.description();
                }
                if (change.isPublic() != null) {
                    type.isPublic = change.isPublic();
                }
                type.updatedAt = CinderTime.now();
                LOG.infof("group type %s: updated", type.id);
                return type;
            });
        }).call(types::flush).onFailure(UniqueViolation::is).transform(raced -> exists(change.name()));
    }

    @WithTransaction
    public Uni<Void> delete(String typeId) {
        return locked(typeId).flatMap(type -> {
            if (type.name.equals(defaultTypeName)) {
                return Uni.createFrom().failure(ApiException.badRequest("Default group type can not be deleted."));
            }
            return groups.typeInUse(type.id).flatMap(inUse -> {
                if (inUse) {
                    return Uni.createFrom().failure(ApiException.badRequest("Group Type " + type.id
                            + " deletion is not allowed with groups present with the type."));
                }
                LOG.infof("group type %s: deleted", type.id);
                return types.delete(type);
            });
        });
    }

    @WithSession
    public Uni<Map<String, String>> groupSpecs(String typeId) {
        return byId(typeId).map(type -> visible(type, true, typeId).groupSpecs);
    }

    /** Adds or replaces the given specs, leaving the others. */
    @WithTransaction
    public Uni<Void> setGroupSpecs(String typeId, Map<String, String> specs) {
        return locked(typeId).invoke(type -> {
            Map<String, String> merged = new LinkedHashMap<>(type.groupSpecs);
            merged.putAll(specs);
            replication.checkGroupType(merged);
            type.groupSpecs = merged;
            type.updatedAt = CinderTime.now();
            LOG.infof("group type %s: group specs %s set", type.id, specs.keySet());
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> deleteGroupSpec(String typeId, String key) {
        return locked(typeId).invoke(type -> {
            if (!type.groupSpecs.containsKey(key)) {
                throw noSuchSpec(type.id.toString(), key);
            }
            Map<String, String> remaining = new LinkedHashMap<>(type.groupSpecs);
            remaining.remove(key);
            type.groupSpecs = remaining;
            type.updatedAt = CinderTime.now();
            LOG.infof("group type %s: group spec %s deleted", type.id, key);
        }).replaceWithVoid();
    }

    public static ApiException noSuchSpec(String typeId, String key) {
        return ApiException.notFound("Group Type " + typeId + " has no specs with key " + key + ".");
    }

    public static ApiException notFound(String typeId) {
        return ApiException.notFound("Group type " + typeId + " could not be found.");
    }

    private Uni<GroupType> locked(String typeId) {
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

    private Uni<GroupType> byId(String typeId) {
        UUID id = Uuids.parse(typeId);
        return id == null ? Uni.createFrom().failure(notFound(typeId)) : types.findById(id);
    }

    private static GroupType visible(GroupType type, boolean includePrivate, String typeId) {
        if (type == null || (!type.isPublic && !includePrivate)) {
            throw notFound(typeId);
        }
        return type;
    }

    private static ApiException exists(String name) {
        return ApiException.conflict("Group Type " + name + " already exists.");
    }
}
