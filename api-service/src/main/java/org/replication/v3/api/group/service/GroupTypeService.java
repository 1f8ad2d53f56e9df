package org.replication.v3.api.group.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.group.repository.GroupRepository;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.type.SpecTypeCatalog;
import org.replication.v3.api.type.service.TypeChanges;
import org.replication.v3.api.validation.Uuids;

/**
 * Group types and their group specs, with the rules of every {@link SpecTypeCatalog}; private types are unknown to
 * those who may not see them (group types have no access lists). Specs are stored as given, whatever their key, so
 * that the replication keys of a later issue need nothing new here.
 */
@ApplicationScoped
public class GroupTypeService {

    private static final SpecTypeCatalog.Kind KIND = new SpecTypeCatalog.Kind("group", "specs", "groups");

    private final GroupTypeRepository types;
    private final SpecTypeCatalog<GroupType> catalog;

    public GroupTypeService(GroupTypeRepository types, GroupRepository groups, ApiConfig config,
            ReplicationValidation replication) {
        this.types = types;
        this.catalog = new SpecTypeCatalog<>(types, GroupType::new, KIND, config.defaultGroupType(), specs -> {
            replication.checkGroupType(specs);
            return Uni.createFrom().voidItem();
        }, groups::typeInUse);
    }

    @WithTransaction
    public Uni<GroupType> create(NewGroupType request) {
        return catalog.create(request.name(), request.description(), request.isPublic(), request.groupSpecs());
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
        return types.findByName(catalog.defaultName()).map(type -> {
            if (type == null || (!type.isPublic && !includePrivate)) {
                throw ApiException.notFound("Default group type can not be found.");
            }
            return type;
        });
    }

    /** Name, description and visibility; a name another type has is a conflict. */
    @WithTransaction
    public Uni<GroupType> update(String typeId, TypeChanges change) {
        return catalog.locked(typeId).flatMap(type -> catalog.update(type, change));
    }

    @WithTransaction
    public Uni<Void> delete(String typeId) {
        return catalog.delete(typeId, type -> Uni.createFrom().voidItem());
    }

    @WithSession
    public Uni<Map<String, String>> groupSpecs(String typeId) {
        return byId(typeId).map(type -> visible(type, true, typeId).groupSpecs);
    }

    /** Adds or replaces the given specs, leaving the others. */
    @WithTransaction
    public Uni<Void> setGroupSpecs(String typeId, Map<String, String> specs) {
        return catalog.locked(typeId).flatMap(type -> catalog.setSpecs(type, specs));
    }

    @WithTransaction
    public Uni<Void> deleteGroupSpec(String typeId, String key) {
        return catalog.locked(typeId).invoke(type -> catalog.deleteSpec(type, key)).replaceWithVoid();
    }

    public static ApiException noSuchSpec(String typeId, String key) {
        return KIND.noSuchSpec(typeId, key);
    }

    public static ApiException notFound(String typeId) {
        return KIND.notFound(typeId);
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
}
