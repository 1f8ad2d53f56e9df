-- A switch command (failover, failback, reprotect of a batch of volumes) is recorded here when it is received and
-- run afterwards by its backend's worker, outside the command consumer: the command is acknowledged at once, and
-- a crash leaves the row to resume from (volumes_done of the command's volumes are switched and announced).
create table switch_work (
    id            varchar(255) primary key,  -- the command's message id
    operation_id  varchar(36) not null,
    backend       text        not null,
    action        text        not null,
    command       text        not null,      -- the command record as received
    state         text        not null,
    volumes_total integer     not null,
    volumes_done  integer     not null default 0,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
-- Each backend's worker takes its oldest unfinished work first.
create index switch_work_unfinished on switch_work (backend, created_at) where state <> 'done';
