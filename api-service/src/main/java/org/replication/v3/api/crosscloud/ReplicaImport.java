package org.replication.v3.api.crosscloud;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A cross-cloud import as the API shows it; its volumes are {@code replica_import_item} rows. */
@Entity
@Table(name = "replica_import")
public class ReplicaImport extends PanacheEntityBase {

    @Id
    public String id;

    @Convert(converter = TransferStatusConverter.class)
    public TransferStatus status;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "requested_by")
    public String requestedBy;

    public int total;

    public int done;

    public int failed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Takes the counts of settled volumes; the status follows from them. */
    public void progressed(int done, int failed, Instant at) {
        this.done = done;
        this.failed = failed;
        this.status = TransferStatus.settled(total, done, failed);
        this.updatedAt = at;
    }
}
