package org.replication.v3.api.type.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.validation.Uuids;

@ApplicationScoped
public class VolumeTypeRepository implements PanacheRepositoryBase<VolumeType, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    public Uni<VolumeType> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Cinder's get_by_name_or_id: a UUID-shaped identity is an id, anything else a name. */
    public Uni<VolumeType> findByNameOrId(String identity) {
        UUID id = Uuids.parse(identity);
        return id != null ? findById(id) : findByName(identity);
    }

    /** Locks the type until commit, so that a volume being created with it and its deletion serialize. */
    public Uni<VolumeType> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<VolumeType>> list(boolean includePrivate) {
        return includePrivate ? listAll(NEWEST_FIRST) : list("isPublic", NEWEST_FIRST, true);
    }
}
