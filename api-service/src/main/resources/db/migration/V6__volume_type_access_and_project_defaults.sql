-- Projects that may see and use a private volume type (Cinder's volume_type_projects, os-volume-type-access).
create table volume_type_access (
    volume_type_id uuid not null references volume_type (id) on delete cascade,
    project_id     varchar(255) not null,
    created_at     timestamp with time zone not null,
    primary key (volume_type_id, project_id)
);
-- Visibility checks go from the caller's project to the types it may use.
create index volume_type_access_project on volume_type_access (project_id);

-- The type a project's volumes get when created without one (Cinder's default_volume_types, API 3.62).
create table default_volume_type (
    project_id     varchar(255) primary key,
    -- No cascade: a type that is some project's default is not deleted (the service refuses it first).
    volume_type_id uuid not null references volume_type (id),
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone
);
create index default_volume_type_type on default_volume_type (volume_type_id);
