package org.replication.v3.volume.replication.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.replication.v3.volume.replication.SwitchWork;
import org.replication.v3.volume.replication.SwitchWorkState;

/** The switch commands' tracked work: recorded on receipt, taken in order per backend, advanced a chunk at a time. */
@ApplicationScoped
public class SwitchWorks implements PanacheRepositoryBase<SwitchWork, String> {

    /** Records the work unless its command was recorded before (a redelivery adds nothing). */
    public Uni<Void> recordOnce(SwitchWork work) {
        return findById(work.id).flatMap(existing -> existing != null ? Uni.createFrom().voidItem()
                : persist(work).replaceWithVoid());
    }

    /** The backend's oldest unfinished work, or null. */
    public Uni<SwitchWork> next(String backend) {
        return find("backend = ?1 and state <> ?2 order by createdAt, id", backend, SwitchWorkState.DONE)
                .firstResult();
    }

    /** The backends with unfinished work: what a sweep after a start resumes. */
    public Uni<List<String>> backendsWithWork() {
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "select distinct w.backend from SwitchWork w where w.state <> ?1", String.class)
                .setParameter(1, SwitchWorkState.DONE).getResultList());
    }

    /** Deletes the work finished before {@code before}; the number deleted. */
    public Uni<Long> forgetDoneBefore(Instant before) {
        return delete("state = ?1 and updatedAt < ?2", SwitchWorkState.DONE, before);
    }

    public Uni<Void> markRunning(String id) {
        return update("state = ?1, updatedAt = ?2 where id = ?3 and state = ?4", SwitchWorkState.RUNNING,
                Instant.now(), id, SwitchWorkState.PENDING).replaceWithVoid();
    }

    /** The first {@code volumesDone} volumes are recorded; the work is done once they are all of them. */
    public Uni<Void> progress(String id, int volumesDone, boolean finished) {
        return update("volumesDone = ?1, state = ?2, updatedAt = ?3 where id = ?4", volumesDone,
                finished ? SwitchWorkState.DONE : SwitchWorkState.RUNNING, Instant.now(), id).replaceWithVoid();
    }
}
