-- Cinder's services (os-services): one row per binary and host, kept alive by heartbeats; the operator's
-- settings (disabled, frozen) are owned here and sent to the scheduler as events.
create table cinder_service (
    id                 uuid primary key,
    service_binary     varchar(255) not null,
    -- host@backend for cinder-volume, the host for cinder-scheduler
    host               varchar(255) not null,
    availability_zone  varchar(255) not null,
    disabled           boolean not null default false,
    disabled_reason    varchar(255),
    frozen             boolean not null default false,
    -- Cinder's default for services; the volume service's heartbeat sets enabled/disabled from its driver.
    replication_status varchar(36) not null default 'not-capable',
    active_backend_id  varchar(255),
    created_at         timestamp with time zone not null,
    -- the last heartbeat: the service is down when it is older than api.service-down-time
    updated_at         timestamp with time zone not null,
    -- the last change an operator made
    modified_at        timestamp with time zone
);
create unique index cinder_service_binary_host on cinder_service (service_binary, host);
