package org.replication.v3.api.volume.repository;

import java.util.List;
import java.util.UUID;

/**
 * One page of a volume list: which volumes (project, filters), in which order, and after which marker.
 *
 * @param projectId null for every project (an admin's all_tenants)
 * @param filters   which volumes of the project(s)
 * @param sort      sort keys; the repository adds the id as the last one so that pages never overlap
 * @param marker    id of the last volume of the previous page, or null
 */
public record VolumeQuery(String projectId, VolumeFilters filters, List<SortKey> sort, UUID marker,
        int limit) {

    /** A sortable column, by the name the API uses, and its direction. */
    public record SortKey(VolumeSortColumn column, boolean ascending) {
    }
}
