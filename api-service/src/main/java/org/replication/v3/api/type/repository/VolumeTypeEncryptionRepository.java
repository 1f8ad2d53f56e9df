package org.replication.v3.api.type.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.replication.v3.api.type.VolumeTypeEncryption;

/** Volume types' live encryption specs. */
@ApplicationScoped
public class VolumeTypeEncryptionRepository implements PanacheRepositoryBase<VolumeTypeEncryption, UUID> {

    /** The type's live spec, or null when its volumes are not encrypted. */
    public Uni<VolumeTypeEncryption> findLive(UUID volumeTypeId) {
        return find("volumeTypeId = ?1 and deletedAt is null", volumeTypeId).firstResult();
    }

    /** Which of {@code volumeTypeIds} have a live spec, in one query. */
    public Uni<Set<UUID>> encryptedAmong(Collection<UUID> volumeTypeIds) {
        if (volumeTypeIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return find("volumeTypeId in ?1 and deletedAt is null", List.copyOf(volumeTypeIds)).list()
                .map(specs -> specs.stream().map(spec -> spec.volumeTypeId).collect(Collectors.toSet()));
    }
}
