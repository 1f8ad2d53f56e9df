package org.replication.v3.api.attachment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;
import org.replication.v3.api.attachment.VolumeAttachment;
import org.replication.v3.api.paging.MarkerPaging;

/** Reads and writes attachments; writers lock the volume first, so attachments of one volume change one at a time. */
@ApplicationScoped
public class VolumeAttachmentRepository implements PanacheRepositoryBase<VolumeAttachment, UUID> {

    public Uni<VolumeAttachment> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** All attachments of a volume, oldest first. */
    public Uni<List<VolumeAttachment>> ofVolume(UUID volumeId) {
        return list("volumeId = ?1 order by createdAt, id", volumeId);
    }

    /**
     * One page of attachments, newest first; a null project means every project. {@code marker} is the loaded
     * marker of the query, or null for the first page.
     */
    public Uni<List<VolumeAttachment>> page(AttachmentQuery query, VolumeAttachment marker) {
        Parameters parameters = new Parameters();
        StringBuilder hql = new StringBuilder("from VolumeAttachment a where 1 = 1");
        MarkerPaging.andEqual(hql, parameters, "a.projectId", "project", query.projectId());
        MarkerPaging.andEqual(hql, parameters, "a.volumeId", "volume", query.volumeId());
        MarkerPaging.andEqual(hql, parameters, "a.instanceUuid", "instance", query.instanceUuid());
        MarkerPaging.andEqual(hql, parameters, "a.attachStatus", "status", query.status());
        if (marker != null) {
            hql.append(" and (a.createdAt < :markerCreated or (a.createdAt = :markerCreated and a.id < :markerId))");
            parameters.and("markerCreated", marker.createdAt).and("markerId", marker.id);
        }
        hql.append(" order by a.createdAt desc, a.id desc");
        if (query.limit() == 0) {
            return Uni.createFrom().item(List.of());
        }
        return find(hql.toString(), parameters).range(0, query.limit() - 1).list();
    }
}
