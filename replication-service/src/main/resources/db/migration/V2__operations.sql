-- The replication-service's own view of replicated volumes, kept from volume events: what each scope holds.
create table replicated_volume (
    volume_id          text primary key,
    host               text not null,          -- host@backend#pool
    backend_host       text not null,          -- host@backend
    group_id           text,
    mode               text not null,
    target             text,
    mediator           boolean not null default false,
    rpo_seconds        integer,
    replication_status text not null,
    active_backend_id  text,
    updated_at         timestamptz not null
);
create index replicated_volume_backend on replicated_volume (backend_host);
create index replicated_volume_group on replicated_volume (group_id);

-- One failover or failback, its plan and its progress: what a restarted replication-service resumes from.
create table operation (
    id            text primary key,
    action        text not null,
    scope         text not null,
    resources     text not null,                -- comma-separated ids or host@backend[#pool]
    target        text,
    force         boolean not null,
    reason        text,
    requested_by  text not null,
    automatic     boolean not null,
    dry_run       boolean not null,
    state         text not null,
    refusal       text,
    plan          text,                         -- JSON of OperationChanged.Plan
    total         integer not null default 0,
    done          integer not null default 0,
    failed        integer not null default 0,
    created_at    timestamptz not null,
    finished_at   timestamptz
);
create index operation_state on operation (state);

create table operation_item (
    operation_id       text not null references operation (id),
    volume_id          text not null,
    backend_host       text not null,
    state              text not null,           -- pending, done, failed
    replication_status text,
    lost_bytes         bigint not null default 0,
    data_as_of         timestamptz,
    error              text,
    primary key (operation_id, volume_id)
);
create index operation_item_volume on operation_item (volume_id, state);

-- Mediated sync volumes whose primary the mediator reported lost, and since when: failed over automatically once
-- the loss outlasts the grace period.
create table primary_lost (
    volume_id  text primary key,
    lost_since timestamptz not null,
    reason     text not null
);
