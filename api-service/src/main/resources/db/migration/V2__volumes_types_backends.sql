-- api-service's view of the cloud, kept from its own writes and from the events of the other services.

create table volume_type (
    id          uuid primary key,
    name        varchar(255) not null,
    description varchar(255),
    is_public   boolean not null,
    -- Read and written whole with the type; one row holds everything a volume create or a type show needs.
    extra_specs jsonb not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone
);
create unique index volume_type_name on volume_type (name);

-- Cinder's default type, used when a volume is created without one (api.default-volume-type).
insert into volume_type (id, name, description, is_public, extra_specs, created_at)
values (gen_random_uuid(), '__DEFAULT__', 'Default Volume Type', true, '{}', now());

create table volume (
    id                    uuid primary key,
    project_id            varchar(255) not null,
    user_id               varchar(255) not null,
    name                  varchar(255),
    description           varchar(255),
    size                  integer not null,
    status                varchar(255) not null,
    availability_zone     varchar(255) not null,
    -- A type is deleted only when no live volume uses it; deleted volumes then lose the reference.
    volume_type_id        uuid references volume_type (id) on delete set null,
    -- host@backend#pool once placed; a volume without one never reached a backend.
    host                  varchar(255),
    provider_id           varchar(255),
    service_uuid          varchar(36),
    -- Whether the type asked for replication at create time; replication_status follows from it once created.
    replication_requested boolean not null,
    replication_status    varchar(255),
    bootable              boolean not null,
    multiattach           boolean not null,
    shared_targets        boolean not null,
    metadata              jsonb not null,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone,
    -- Soft delete: the row stays so that a late event about the volume cannot bring it back.
    deleted_at            timestamp with time zone
);
create index volume_project_created on volume (project_id, created_at desc, id desc) where deleted_at is null;
create index volume_created on volume (created_at desc, id desc) where deleted_at is null;
create index volume_live_type on volume (volume_type_id) where deleted_at is null;

-- Asynchronous failures a user can read (Cinder's user messages, API 3.3+).
create table user_message (
    id            uuid primary key,
    project_id    varchar(255) not null,
    request_id    varchar(255),
    resource_type varchar(255) not null,
    resource_uuid varchar(36),
    event_id      varchar(255) not null,
    action_id     varchar(10) not null,
    detail_id     varchar(10) not null,
    message_level varchar(255) not null,
    user_message  varchar(1024) not null,
    -- What the service that failed said, for operators; users see user_message.
    reason        text,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null
);
create index user_message_project on user_message (project_id, created_at desc);

-- The latest capability report of each backend (host@backend), for pools and capabilities calls.
create table backend (
    host                varchar(255) primary key,
    volume_backend_name varchar(255),
    vendor_name         varchar(255),
    driver_version      varchar(255),
    storage_protocol    varchar(255),
    availability_zone   varchar(255),
    pools               jsonb not null,
    capabilities        jsonb not null,
    reported_at         timestamp with time zone not null
);
