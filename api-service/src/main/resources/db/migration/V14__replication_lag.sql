-- RPO truth (docs/sites.md section 6): the API computes a volume's current lag when it is read,
-- replication_pending ? now - replication_last_sync_at : 0, from what the owner's lag snapshots and level changes
-- (volume.replication-lag-snapshot.v1, volume.replication-lag-changed.v2) last said.
alter table volume add column replication_last_sync_at timestamp with time zone;
alter table volume add column replication_pending boolean not null default false;
-- ok, breach, warning, critical; null: not measured yet (ok).
alter table volume add column replication_lag_level varchar(16);
-- The RPO the level was measured against (null for sync).
alter table volume add column replication_rpo_seconds integer;
-- When the owner measured what the columns above hold: an older measure arriving later is not applied.
alter table volume add column replication_lag_observed_at timestamp with time zone;
-- The levels the owner of the volume has been told of (user messages) since its lag was last ok, comma-separated.
alter table volume add column replication_lag_messaged varchar(64);
-- replication_lag_seconds (V8) is no longer written: the lag is computed at read time. It stays until no
-- api-service older than this one runs (those still write it).
