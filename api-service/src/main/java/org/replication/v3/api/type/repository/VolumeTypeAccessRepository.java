package org.replication.v3.api.type.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.type.VolumeTypeAccess;

@ApplicationScoped
public class VolumeTypeAccessRepository implements PanacheRepositoryBase<VolumeTypeAccess, VolumeTypeAccess.Key> {

    public Uni<List<VolumeTypeAccess>> forType(UUID typeId) {
        return list("volumeTypeId", Sort.ascending("createdAt", "projectId"), typeId);
    }

    public Uni<VolumeTypeAccess> find(UUID typeId, String projectId) {
        return find("volumeTypeId = ?1 and projectId = ?2", typeId, projectId).firstResult();
    }
}
