package org.replication.v3.api.backend;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.replication.ReplicationTarget;

/** The latest capability report of one backend ({@code host@backend}): what pools and capabilities calls show. */
@Entity
@Table(name = "backend")
public class Backend extends PanacheEntityBase {

    @Id
    public String host;

    @Column(name = "volume_backend_name")
    public String volumeBackendName;

    @Column(name = "vendor_name")
    public String vendorName;

    @Column(name = "driver_version")
    public String driverVersion;

    @Column(name = "storage_protocol")
    public String storageProtocol;

    @Column(name = "availability_zone")
    public String availabilityZone;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<PoolCapabilities> pools;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> capabilities;

    @Column(name = "reported_at")
    public Instant reportedAt;

    @Column(name = "replication_enabled")
    public boolean replicationEnabled;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "replication_targets")
    public List<ReplicationTarget> replicationTargets;

    /** The array the backend's volumes live on, as the array names itself (null: not reported). */
    @Column(name = "array_name")
    public String array;
}
