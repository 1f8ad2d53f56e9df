package org.replication.v3.api.group.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.validation.Uuids;

@ApplicationScoped
public class GroupTypeRepository implements PanacheRepositoryBase<GroupType, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    public Uni<GroupType> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** A UUID-shaped identity is an id, anything else a name, as Cinder's group create reads group_type. */
    public Uni<GroupType> findByNameOrId(String identity) {
        UUID id = Uuids.parse(identity);
        return id != null ? findById(id) : findByName(identity);
    }

    /** Locks the type until commit, so that a group being created with it and its deletion serialize. */
    public Uni<GroupType> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<GroupType>> list(boolean includePrivate) {
        return includePrivate ? listAll(NEWEST_FIRST) : list("isPublic", NEWEST_FIRST, true);
    }
}
