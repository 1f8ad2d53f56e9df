-- The latest capability report of each backend (host@backend): the replication targets a failover is checked
-- against, and when the backend's volume-service last reported (a silent one cannot run a failover).
create table backend_report (
    backend_host text primary key,
    targets      text        not null,          -- JSON list of ReplicationTarget
    reported_at  timestamptz not null,
    received_at  timestamptz not null
);
