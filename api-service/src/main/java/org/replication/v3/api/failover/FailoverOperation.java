package org.replication.v3.api.failover;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A failover or failback operation as the API shows it: written {@code accepted} with the request, then kept from
 * the replication-service's OperationChanged events.
 */
@Entity
@Table(name = "failover_operation")
public class FailoverOperation extends PanacheEntityBase {

    public static final String ACCEPTED = "accepted";
    public static final String RUNNING = "running";
    public static final String PLANNED = "planned";
    public static final String REFUSED = "refused";
    public static final String COMPLETED = "completed";
    public static final String COMPLETED_WITH_ERRORS = "completed_with_errors";

    /** The states in which an operation may still switch volumes: a new request must not overlap them. */
    public static final Set<String> ACTIVE = Set.of(ACCEPTED, RUNNING);

    @Id
    public String id;

    public String action;

    public String scope;

    /** Comma-separated; no resource name holds a comma (ids are UUIDs, hosts match Cinder's host pattern). */
    public String resources;

    public String target;

    public boolean force;

    public String reason;

    @Column(name = "dry_run")
    public boolean dryRun;

    /** Failback only: keep or discard the target's changes; null for failover and reprotect. */
    public String changes;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "project_id")
    public String projectId;

    public boolean automatic;

    public String state;

    public String refusal;

    /** JSON of OperationChanged.Plan. */
    public String plan;

    public int total;

    public int done;

    public int failed;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public List<String> resourceList() {
        return resources.isEmpty() ? List.of() : Arrays.asList(resources.split(","));
    }

    public boolean active() {
        return ACTIVE.contains(state);
    }
}
