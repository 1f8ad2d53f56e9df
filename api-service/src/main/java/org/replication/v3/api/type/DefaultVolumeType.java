package org.replication.v3.api.type;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The volume type a project's volumes get when created without one; overrides the configured default. */
@Entity
@Table(name = "default_volume_type")
public class DefaultVolumeType extends PanacheEntityBase {

    @Id
    @Column(name = "project_id")
    public String projectId;

    @Column(name = "volume_type_id")
    public UUID volumeTypeId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
