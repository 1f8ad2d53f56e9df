package org.replication.v3.api.group;

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

/** A group type: what kind of group users can create, and the group specs that steer its placement. */
@Entity
@Table(name = "group_type")
public class GroupType extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String description;

    @Column(name = "is_public")
    public boolean isPublic;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "group_specs")
    public Map<String, String> groupSpecs;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
