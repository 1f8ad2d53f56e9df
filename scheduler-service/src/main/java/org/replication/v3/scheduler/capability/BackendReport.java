package org.replication.v3.scheduler.capability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The stored copy of a backend's latest capability report (the CloudEvent data, as JSON). */
@Entity
@Table(name = "backend_report")
public class BackendReport extends PanacheEntityBase {

    @Id
    public String host;

    public String report;

    @Column(name = "reported_at")
    public Instant reportedAt;

    @Column(name = "received_at")
    public Instant receivedAt;
}
