-- How each volume is replicated, so that a restarted volume-service enables its pairs again and the failover
-- workflows know what to ask the driver. Null replication_status: not replicated.
alter table volume add column replication_status text;
alter table volume add column replication_mode text;
alter table volume add column replication_target text;
alter table volume add column replication_sync_topology text;
alter table volume add column replication_mediator boolean not null default false;
alter table volume add column replication_rpo_seconds integer;
