package org.replication.v3.api.group.repository;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.replication.v3.api.group.GroupType;
import org.replication.v3.api.type.repository.SpecTypeRepository;

/** Group types; unlike volume types they have no access lists, so a private one is for admins only. */
@ApplicationScoped
public class GroupTypeRepository implements SpecTypeRepository<GroupType> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    public Uni<List<GroupType>> list(boolean includePrivate) {
        return includePrivate ? listAll(NEWEST_FIRST) : list("isPublic", NEWEST_FIRST, true);
    }
}
