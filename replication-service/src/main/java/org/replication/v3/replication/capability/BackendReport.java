package org.replication.v3.replication.capability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A backend's latest capability report, as far as failovers need it: its targets and when it was made. */
@Entity
@Table(name = "backend_report")
public class BackendReport extends PanacheEntityBase {

    @Id
    @Column(name = "backend_host")
    public String backendHost;

    /** JSON list of the reported replication targets. */
    public String targets;

    @Column(name = "reported_at")
    public Instant reportedAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** The volume-service instance that sent it; null from one that predates the field. */
    @Column(name = "reported_by")
    public String reportedBy;

    /** Whether the backend's own array answered that instance; null: unknown. */
    @Column(name = "array_reachable")
    public Boolean arrayReachable;
}
