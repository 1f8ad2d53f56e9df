package org.replication.v3.scheduler.cinderservice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest operator setting of one volume service (host@backend), kept so that a restart forgets nothing. */
@Entity
@Table(name = "service_status")
public class ServiceStatus extends PanacheEntityBase {

    @Id
    public String host;

    public boolean disabled;

    public boolean frozen;

    @Column(name = "changed_at")
    public Instant changedAt;

    public boolean excludedFromScheduling() {
        return disabled || frozen;
    }
}
