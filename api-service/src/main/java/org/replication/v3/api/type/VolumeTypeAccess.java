package org.replication.v3.api.type;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A project's right to see and use a private volume type. */
@Entity
@Table(name = "volume_type_access")
@IdClass(VolumeTypeAccess.Key.class)
public class VolumeTypeAccess extends PanacheEntityBase {

    @Id
    @Column(name = "volume_type_id")
    public UUID volumeTypeId;

    @Id
    @Column(name = "project_id")
    public String projectId;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The composite primary key. */
    public static class Key implements Serializable {

        public UUID volumeTypeId;
        public String projectId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(volumeTypeId, key.volumeTypeId)
                    && Objects.equals(projectId, key.projectId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(volumeTypeId, projectId);
        }
    }
}
