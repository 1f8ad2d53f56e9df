package org.replication.v3.api.type.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.UUID;
import org.replication.v3.api.type.SpecType;
import org.replication.v3.api.validation.Uuids;

/** The look-ups volume types and group types share: by name, by name or id as Cinder reads them, and locked. */
public interface SpecTypeRepository<T extends SpecType> extends PanacheRepositoryBase<T, UUID> {

    default Uni<T> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Cinder's get_by_name_or_id: a UUID-shaped identity is an id, anything else a name. */
    default Uni<T> findByNameOrId(String identity) {
        UUID id = Uuids.parse(identity);
        return id != null ? findById(id) : findByName(identity);
    }

    /** Locks the type until commit, so that a volume or group being created with it and its deletion serialize. */
    default Uni<T> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
