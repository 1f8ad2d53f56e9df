-- Attach state of volumes and their attachments (os-attach / os-detach and the 3.27 attachments API).

alter table volume add column attach_status varchar(255) not null default 'detached';
alter table volume add column migration_status varchar(255);
-- The attached attachments as volume responses show them, by attachment id: kept on the volume row, in the same
-- transaction as every attachment change, so that show and list read one row per volume, as before. (An object, not
-- an array: the reactive PostgreSQL client maps jsonb to JSON objects only.)
alter table volume add column attachments jsonb not null default '{}';

create table volume_attachment (
    id            uuid primary key,
    volume_id     uuid not null references volume (id),
    -- The volume's project, so that lists by project need no join.
    project_id    varchar(255) not null,
    instance_uuid varchar(36),
    attached_host varchar(255),
    mountpoint    varchar(255),
    -- rw, ro, or null when the mode will come with the connector (Cinder's 'null' attach mode).
    attach_mode   varchar(36),
    attach_status varchar(255) not null,
    connector     jsonb,
    attach_time   timestamp with time zone,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone
);
create index volume_attachment_volume on volume_attachment (volume_id);
create index volume_attachment_project on volume_attachment (project_id, created_at desc, id desc);
