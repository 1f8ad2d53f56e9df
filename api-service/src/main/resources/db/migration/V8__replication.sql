-- Replication v3: what each backend can replicate to, and how each volume is replicated.
alter table backend add column replication_enabled boolean not null default false;
-- The backend's targets (common ReplicationTarget records), for get_pools, capabilities and type validation.
alter table backend add column replication_targets jsonb not null default '[]';

-- The effective replication of the volume (common VolumeReplication) from ReplicationEnabled; null: not replicated.
alter table volume add column replication jsonb;
-- The last measured lag (ReplicationLagChanged); 0 while within the RPO.
alter table volume add column replication_lag_seconds double precision;
