package org.replication.v3.replication.volume;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A replicated volume as the replication-service knows it from volume events: what each scope holds. */
@Entity
@Table(name = "replicated_volume")
public class ReplicatedVolume extends PanacheEntityBase {

    @Id
    @Column(name = "volume_id")
    public String volumeId;

    /** host@backend#pool */
    public String host;

    /** host@backend: the volume-service and backend that switch it. */
    @Column(name = "backend_host")
    public String backendHost;

    @Column(name = "group_id")
    public String groupId;

    public String mode;

    public String target;

    public boolean mediator;

    @Column(name = "rpo_seconds")
    public Integer rpoSeconds;

    @Column(name = "replication_status")
    public String replicationStatus;

    @Column(name = "active_backend_id")
    public String activeBackendId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
