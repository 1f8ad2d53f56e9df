package org.replication.v3.api.lifecycle;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;

/**
 * A resource that a project owns, a backend holds and Cinder deletes softly (volumes and groups): whose it is, where
 * it is, when it was deleted, and the delete transitions both share. Each transition is guarded like the entities'
 * others: it refuses (false) when the resource is not in a status it applies to, so that a late or repeated event
 * changes nothing. The status column stays in the entity, with its own enum and converter; the entity names the
 * statuses its delete moves through and decides when it is {@link #deletable()}.
 *
 * @param <S> the entity's status enum
 */
@MappedSuperclass
public abstract class BackendResource<S extends Enum<S>> extends Timestamped {

    @Id
    public UUID id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "user_id")
    public String userId;

    public String name;

    public String description;

    @Column(name = "availability_zone")
    public String availabilityZone;

    /** {@code host@backend#pool} of the backend that holds it; null until one does. */
    public String host;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Transient
    private final DeleteStatuses<S> deleteStatuses;

    protected BackendResource(DeleteStatuses<S> deleteStatuses) {
        this.deleteStatuses = deleteStatuses;
    }

    /** The statuses a delete moves through: started, failed (from which it may be retried), done. */
    public record DeleteStatuses<S>(S deleting, S errorDeleting, S deleted) {
    }

    /** The entity's status, read and written here through these two (its field has the entity's own converter). */
    protected abstract S status();

    protected abstract void status(S status);

    /** Whether a delete may start now, by Cinder's rule for this kind of resource. */
    public abstract boolean deletable();

    public boolean live() {
        return deletedAt == null;
    }

    /** A delete was asked for while a backend holds it; that backend does the rest. */
    public boolean startDeleting(Instant at) {
        return deletable() && host != null && moveTo(deleteStatuses.deleting(), at);
    }

    /** The backend removed it, at the first attempt or at a retry after a failed one. */
    public boolean deleted(Instant at) {
        S status = status();
        if (!live() || (status != deleteStatuses.deleting() && status != deleteStatuses.errorDeleting())) {
            return false;
        }
        markDeleted(at);
        return true;
    }

    /** The backend could not remove it: error_deleting, from which a delete may start again. */
    public boolean failedToDelete(Instant at) {
        return live() && status() == deleteStatuses.deleting() && moveTo(deleteStatuses.errorDeleting(), at);
    }

    /** Moves to {@code status}; true, so that a guarded transition can end with it. */
    protected boolean moveTo(S status, Instant at) {
        status(status);
        this.updatedAt = at;
        return true;
    }

    protected void markDeleted(Instant at) {
        moveTo(deleteStatuses.deleted(), at);
        this.deletedAt = at;
    }
}
