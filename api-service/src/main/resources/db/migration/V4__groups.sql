-- Cinder's group types and generic volume groups, and the group a volume belongs to.

create table group_type (
    id          uuid primary key,
    name        varchar(255) not null,
    description varchar(255),
    is_public   boolean not null,
    -- Stored generically: replication keys (group_replication_enabled, ...) arrive here like any other spec.
    group_specs jsonb not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone
);
create unique index group_type_name on group_type (name);

-- Cinder's default group type (api.default-group-type), as its own migration creates it.
insert into group_type (id, name, description, is_public, group_specs, created_at)
values (gen_random_uuid(), 'default_group_type', 'Default group type', true, '{}', now());

create table volume_group (
    id                 uuid primary key,
    project_id         varchar(255) not null,
    user_id            varchar(255) not null,
    name               varchar(255),
    description        varchar(255),
    status             varchar(255) not null,
    availability_zone  varchar(255) not null,
    group_type_id      uuid not null references group_type (id),
    -- The volume type ids, comma-separated in the order the request gave them; read and written whole.
    volume_type_ids    text not null,
    -- host@backend#pool once placed; a group without one never reached a backend.
    host               varchar(255),
    replication_status varchar(255) not null,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone,
    -- Soft delete, as for volumes: a late event cannot bring a deleted group back.
    deleted_at         timestamp with time zone
);
create index volume_group_project_created on volume_group (project_id, created_at desc, id desc)
    where deleted_at is null;
create index volume_group_live_type on volume_group (group_type_id) where deleted_at is null;

alter table volume add column group_id uuid references volume_group (id);
create index volume_live_group on volume (group_id) where deleted_at is null;
