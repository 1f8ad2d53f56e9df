package org.replication.v3.volume.group;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A generic volume group as its backend holds it. */
@Entity
@Table(name = "volume_group")
public class VolumeGroup extends PanacheEntityBase {

    @Id
    public String id;

    /** host@backend#pool */
    public String host;

    public String backend;

    public String pool;

    @Convert(converter = VolumeGroupStatusConverter.class)
    public VolumeGroupStatus status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
