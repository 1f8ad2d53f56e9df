package org.replication.v3.volume.lifecycle;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.volume.driver.ReplicatedVolume;

/** A volume as its backend holds it. */
@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {

    /** {@link #replicationActiveSide}: the primary serves the volume (and replicates it to its target). */
    public static final String PRIMARY_SIDE = "primary";
    /** {@link #replicationActiveSide}: the target serves the volume (failed over, or reprotected). */
    public static final String SECONDARY_SIDE = "secondary";

    @Id
    public String id;

    /** host@backend#pool */
    public String host;

    public String backend;

    public String pool;

    @Column(name = "size_gb")
    public int sizeGb;

    @Convert(converter = VolumeStatusConverter.class)
    public VolumeStatus status;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Cinder's replication_status; null when the volume is not replicated. */
    @Column(name = "replication_status")
    @Convert(converter = ReplicationStatusConverter.class)
    public ReplicationStatus replicationStatus;

    @Column(name = "replication_mode")
    public String replicationMode;

    @Column(name = "replication_target")
    public String replicationTarget;

    @Column(name = "replication_sync_topology")
    public String replicationSyncTopology;

    @Column(name = "replication_mediator")
    public boolean replicationMediator;

    @Column(name = "replication_rpo_seconds")
    public Integer replicationRpoSeconds;

    /** The lag level last published for the volume (null: none yet, which is ok); a restart does not repeat it. */
    @Column(name = "replication_lag_level")
    @Convert(converter = ReplicationLagLevelConverter.class)
    public ReplicationLagLevel replicationLagLevel;

    /** Which side serves a replicated volume, as the last switch left it: the driver restores it at start. */
    @Column(name = "replication_active_side")
    public String replicationActiveSide = PRIMARY_SIDE;

    /** The generic volume group the volume belongs to (replicated or not), or null. */
    @Column(name = "group_id")
    public String groupId;

    /** The replicated group the volume replicates with, or null. */
    @Column(name = "replication_group_id")
    public String replicationGroupId;

    /** The volume as its replication driver is told about it: how it replicates now. */
    public ReplicatedVolume asReplicated() {
        return new ReplicatedVolume(id, sizeGb, pool, ReplicationMode.of(replicationMode),
                replicationSyncTopology == null ? null : SyncTopology.of(replicationSyncTopology),
                replicationMediator, replicationRpoSeconds);
    }
}
