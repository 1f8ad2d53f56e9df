package org.replication.v3.api.type.repository;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.validation.Uuids;

/** Volume types, as a project may see them: public ones and the private ones it is on the access list of. */
@ApplicationScoped
public class VolumeTypeRepository implements SpecTypeRepository<VolumeType> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");
    /** Cinder's rule for a project: public types, and private ones that list the project. */
    private static final String VISIBLE = "(t.isPublic = true or exists (select 1 from VolumeTypeAccess a"
            + " where a.volumeTypeId = t.id and a.projectId = :project))";

    /**
     * By name or id, when the project may use it: public, or private with the project on its access list.
     * {@code anyType} (admins) skips the access check, as Cinder's admin context does.
     */
    public Uni<VolumeType> findVisible(String identity, String projectId, boolean anyType) {
        UUID id = Uuids.parse(identity);
        Parameters parameters = Parameters.with("key", id != null ? id : identity);
        String hql = "from VolumeType t where " + (id != null ? "t.id = :key" : "t.name = :key");
        if (!anyType) {
            hql += " and " + VISIBLE;
            parameters.and("project", projectId);
        }
        return find(hql, parameters).firstResult();
    }

    /** The project's own default type if it has one, else the configured one. */
    public Uni<VolumeType> findDefault(String projectId, String configuredName) {
        return find("from VolumeType t where t.id ="
                + " (select d.volumeTypeId from DefaultVolumeType d where d.projectId = ?1)", projectId)
                .firstResult()
                .flatMap(own -> own != null ? Uni.createFrom().item(own) : findByName(configuredName));
    }

    /** The types a list shows; {@code publicOnly} null lists every type (admins' {@code is_public=None}). */
    public Uni<List<VolumeType>> list(Boolean publicOnly, String projectId) {
        if (publicOnly == null) {
            return listAll(NEWEST_FIRST);
        }
        if (!publicOnly) {
            return list("isPublic", NEWEST_FIRST, false);
        }
        return find("from VolumeType t where " + VISIBLE, NEWEST_FIRST, Parameters.with("project", projectId)).list();
    }
}
