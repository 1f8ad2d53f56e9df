-- The volumes this service's backends hold: where each one is and what the driver said of it.
create table volume (
    id          varchar(36) primary key,
    host        varchar(255) not null,
    backend     varchar(255) not null,
    pool        varchar(255) not null,
    size_gb     integer not null,
    status      varchar(32) not null,
    provider_id varchar(255),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
create index volume_backend_pool on volume (backend, pool);
