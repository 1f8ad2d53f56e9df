-- One live volume-service instance per backend (docs/sites.md section 3): the instance that holds a backend's lease
-- runs it. Claims and renewals are single-row conditional updates against the database's clock, so each epoch has
-- at most one owner and epochs only grow; the epoch is the fencing token the arrays check (X-Controller-Epoch).
create table backend_lease (
    backend    text primary key,                          -- host@backend
    owner      text,                                      -- volume.instance; null: released or never claimed
    epoch      bigint      not null default 0,
    expires_at timestamptz not null default 'epoch'
);

-- What each instance reaches, written at every renewal: which arrays (and mediator) it can act on.
create table volume_instance (
    instance text primary key,
    site     text        not null,
    reaches  jsonb       not null,                        -- {"site-b": true, "site-c": false}
    seen_at  timestamptz not null
);

-- A command for a backend this instance did not own when it arrived, kept until the owner has applied it (the
-- shared inbox holds its id) or until this instance becomes the owner and applies it: a command read while its
-- owner was dying is not lost with it.
create table waiting_command (
    seq        bigserial   primary key,
    message_id text        not null unique,
    backend    text        not null,                      -- host@backend
    record     text        not null,                      -- the command record as received
    waiting_at timestamptz not null default now()
);
create index waiting_command_backend on waiting_command (backend, seq);
