package org.replication.v3.api.crosscloud;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationScopeConverter;

/** A cross-cloud export as the API shows it; its volumes and documents are {@code replica_export_item} rows. */
@Entity
@Table(name = "replica_export")
public class ReplicaExport extends PanacheEntityBase {

    @Id
    public String id;

    @Convert(converter = TransferStatusConverter.class)
    public TransferStatus status;

    @Convert(converter = ReplicationScopeConverter.class)
    public ReplicationScope scope;

    /** The resources as requested, a JSON array. */
    public String resources;

    @Column(name = "clear_existing")
    public boolean clearExisting;

    @Column(name = "acknowledge_attached")
    public boolean acknowledgeAttached;

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
