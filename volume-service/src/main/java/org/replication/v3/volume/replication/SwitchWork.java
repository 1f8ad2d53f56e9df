package org.replication.v3.volume.replication;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverActionConverter;
import org.replication.v3.volume.replication.service.SwitchWorker;

/**
 * A switch command as tracked work: recorded when the command is received (with its inbox record), run by its
 * backend's {@link SwitchWorker} a chunk at a time, each chunk's results recorded with {@link #volumesDone}.
 */
@Entity
@Table(name = "switch_work")
public class SwitchWork extends PanacheEntityBase {

    /** The command's message id: a redelivered command finds its work. */
    @Id
    public String id;

    @Column(name = "operation_id")
    public String operationId;

    /** The backend (its name on this host) whose worker runs it. */
    public String backend;

    @Convert(converter = FailoverActionConverter.class)
    public FailoverAction action;

    /** The command record as received, decoded again when the work runs. */
    public String command;

    @Convert(converter = SwitchWorkStateConverter.class)
    public SwitchWorkState state;

    @Column(name = "volumes_total")
    public int volumesTotal;

    /** How many of the command's volumes, in its order, are switched, recorded and announced. */
    @Column(name = "volumes_done")
    public int volumesDone;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
