-- The API's view of failover and failback operations: written when a request is accepted, then kept from the
-- replication-service's OperationChanged events (automatic operations appear from their first event).
create table failover_operation (
    id                   varchar(36) primary key,
    action               varchar(16) not null,
    scope                varchar(16) not null,
    resources            text not null,           -- comma-separated volume or group ids, or host@backend[#pool]
    target               varchar(255),
    force                boolean not null default false,
    reason               varchar(255),
    dry_run              boolean not null default false,
    requested_by         varchar(255) not null,
    project_id           varchar(255),
    automatic            boolean not null default false,
    state                varchar(32) not null,    -- accepted, planned, refused, running, completed, completed_with_errors
    refusal              text,
    plan                 text,                    -- JSON of OperationChanged.Plan
    total                integer not null default 0,
    done                 integer not null default 0,
    failed               integer not null default 0,
    -- the volume service (host@backend) an os-services failover_host call set failing-over, to settle on completion
    service_host         varchar(255),
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    finished_at          timestamp with time zone
);
create index failover_operation_created on failover_operation (created_at desc, id desc);
create index failover_operation_state on failover_operation (state);

-- Per-volume results as the events report them (each event carries those that changed).
create table failover_operation_result (
    operation_id       varchar(36) not null references failover_operation (id),
    volume_id          varchar(36) not null,
    replication_status varchar(36),
    lost_bytes         bigint not null default 0,
    data_as_of         timestamp with time zone,
    error              text,
    primary key (operation_id, volume_id)
);
