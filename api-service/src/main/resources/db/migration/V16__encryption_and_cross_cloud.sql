-- Cinder's volume type encryption (encryption table), so that encrypted volumes exist and cross-cloud moves can
-- refuse them. One live spec per type; a deleted spec keeps its row (soft delete, as Cinder's).
create table volume_type_encryption (
    encryption_id    uuid primary key,
    volume_type_id   uuid not null references volume_type (id),
    provider         varchar(255) not null,
    cipher           varchar(255),
    key_size         integer,
    control_location varchar(255) not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone,
    deleted_at       timestamp with time zone
);
create unique index volume_type_encryption_live on volume_type_encryption (volume_type_id) where deleted_at is null;

-- There is no key manager here: a volume of an encrypted type gets a key id made at create (a UUID that names no
-- key), as a volume in Cinder gets Barbican's.
alter table volume add column encryption_key_id varchar(36);

-- The array a backend's volumes live on, from its capability reports (null: the backend does not say).
alter table backend add column array_name varchar(255);

-- Cross-cloud export (issue 14): one row per request, one item per volume, the documents as the volume-service
-- sealed them.
create table replica_export (
    id                   varchar(36) primary key,
    status               varchar(32) not null,   -- running, completed, completed_with_errors, error
    scope                varchar(16) not null,
    resources            text not null,          -- JSON array, as requested
    clear_existing       boolean not null,
    acknowledge_attached boolean not null,
    project_id           varchar(255),
    requested_by         varchar(255) not null,
    total                integer not null,
    done                 integer not null default 0,
    failed               integer not null default 0,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null
);
create index replica_export_created on replica_export (created_at desc, id desc);
create index replica_export_running on replica_export (status) where status = 'running';

create table replica_export_item (
    export_id   varchar(36) not null references replica_export (id),
    volume_id   varchar(36) not null,
    host        varchar(255) not null,            -- host@backend the command went to
    status      varchar(16) not null,             -- pending, exported, failed
    document    text,                             -- the sealed ReplicaDocument's JSON
    reason      text,
    primary key (export_id, volume_id)
);
create index replica_export_item_volume on replica_export_item (volume_id);

create table replica_import (
    id           varchar(36) primary key,
    status       varchar(32) not null,            -- running, completed, completed_with_errors, error
    project_id   varchar(255) not null,
    requested_by varchar(255) not null,
    total        integer not null,
    done         integer not null default 0,
    failed       integer not null default 0,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);

create table replica_import_item (
    import_id   varchar(36) not null references replica_import (id),
    volume_id   varchar(36) not null,
    document_id varchar(36) not null,
    host        varchar(255) not null,            -- host@backend#pool the volume is recorded at
    status      varchar(16) not null,             -- pending, imported, failed
    reason      text,
    primary key (import_id, volume_id)
);
-- A document is imported once: the same document again names the volume it became (409). One whose import failed
-- (the volume-service refused the replica) may be imported again.
create unique index replica_import_item_document on replica_import_item (document_id) where status <> 'failed';
