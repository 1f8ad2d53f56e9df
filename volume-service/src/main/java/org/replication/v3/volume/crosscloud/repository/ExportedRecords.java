package org.replication.v3.volume.crosscloud.repository;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.replication.v3.volume.group.VolumeGroup;
import org.replication.v3.volume.lifecycle.Volume;

/**
 * What a cross-cloud export with {@code clear_existing} removes of this service's records: the exported volumes'
 * rows (their replication and lag state are columns of those rows) and the rows of groups they leave empty. Runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class ExportedRecords {

    /** Deletes the volumes' rows, then the groups none of whose volumes is left; answers those groups' ids. */
    public Uni<List<String>> clear(Collection<String> volumeIds) {
        return Volume.<Volume>list("id in ?1", volumeIds).flatMap(rows -> {
            Set<String> groups = rows.stream().map(v -> v.groupId).filter(g -> g != null)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            return Volume.delete("id in ?1", volumeIds).flatMap(deleted -> groups.isEmpty()
                    ? Uni.createFrom().item(List.<String>of()) : emptied(groups));
        });
    }

    private static Uni<List<String>> emptied(Set<String> groups) {
        return Volume.<Volume>list("groupId in ?1", groups).flatMap(left -> {
            List<String> empty = new ArrayList<>(groups);
            left.forEach(v -> empty.remove(v.groupId));
            return empty.isEmpty() ? Uni.createFrom().item(List.<String>of())
                    : VolumeGroup.delete("id in ?1", empty).replaceWith(List.copyOf(empty));
        });
    }
}
