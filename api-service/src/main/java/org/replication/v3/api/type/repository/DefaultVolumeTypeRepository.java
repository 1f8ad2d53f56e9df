package org.replication.v3.api.type.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.type.DefaultVolumeType;

@ApplicationScoped
public class DefaultVolumeTypeRepository implements PanacheRepositoryBase<DefaultVolumeType, String> {

    public Uni<List<DefaultVolumeType>> listByProject() {
        return listAll(Sort.ascending("projectId"));
    }

    public Uni<Boolean> isDefaultOfSomeProject(UUID typeId) {
        return count("volumeTypeId", typeId).map(count -> count > 0);
    }
}
