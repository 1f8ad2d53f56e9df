package org.replication.v3.scheduler.placement;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The backend location a group was placed on, so that the group's volumes follow it (Cinder's group_backend). */
@Entity
@Table(name = "group_placement")
public class GroupPlacement extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;

    /** host@backend#pool */
    public String host;

    @Column(name = "placed_at")
    public Instant placedAt;

    /** The group type's specs as JSON, for the replication of the group's volumes; see {@link GroupSpecsColumn}. */
    @Column(name = "group_specs")
    public String groupSpecs;
}
