package org.replication.v3.replication.operation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failover or failback: the request, its plan and its progress, persisted so a restart resumes it. */
@Entity
@Table(name = "operation")
public class Operation extends PanacheEntityBase {

    public static final String PLANNED = "planned";
    public static final String REFUSED = "refused";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String COMPLETED_WITH_ERRORS = "completed_with_errors";

    @Id
    public String id;

    public String action;

    public String scope;

    /** Comma-separated ids or host@backend[#pool]. */
    public String resources;

    public String target;

    public boolean force;

    public String reason;

    @Column(name = "requested_by")
    public String requestedBy;

    public boolean automatic;

    @Column(name = "dry_run")
    public boolean dryRun;

    public String state;

    public String refusal;

    /** JSON of the plan. */
    public String plan;

    public int total;

    public int done;

    public int failed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
