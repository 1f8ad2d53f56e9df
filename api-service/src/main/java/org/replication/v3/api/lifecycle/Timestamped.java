package org.replication.v3.api.lifecycle;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * When a row was created and last changed, as Cinder's TimestampMixin: the two columns that volumes, groups,
 * attachments and types all have, with the same meaning.
 */
@MappedSuperclass
public abstract class Timestamped extends PanacheEntityBase {

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
