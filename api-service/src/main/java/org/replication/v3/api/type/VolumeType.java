package org.replication.v3.api.type;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A volume type: a name users pick and the extra specs that steer placement and the driver. */
@Entity
@Table(name = "volume_type")
public class VolumeType extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String description;

    @Column(name = "is_public")
    public boolean isPublic;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "extra_specs")
    public Map<String, String> extraSpecs;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
