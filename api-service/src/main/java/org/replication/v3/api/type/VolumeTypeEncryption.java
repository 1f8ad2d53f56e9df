package org.replication.v3.api.type;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A volume type's encryption spec (Cinder's {@code encryption} table): volumes of the type are encrypted, each with
 * a key id of its own. Deleted softly, as Cinder's: a type has at most one live spec.
 */
@Entity
@Table(name = "volume_type_encryption")
public class VolumeTypeEncryption extends PanacheEntityBase {

    @Id
    @Column(name = "encryption_id")
    public UUID encryptionId;

    @Column(name = "volume_type_id")
    public UUID volumeTypeId;

    public String provider;

    public String cipher;

    @Column(name = "key_size")
    public Integer keySize;

    @Column(name = "control_location")
    public String controlLocation;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
