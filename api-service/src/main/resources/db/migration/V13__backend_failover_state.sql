-- The replication_status a volume service had when a failover or failback set it failing-over: a refused
-- operation gives it back exactly (an operation the replication API started may find the service in any status).
alter table cinder_service add column failover_from varchar(36);
-- Every backend-scope operation now settles the services of the backends it names, whichever API started it: the
-- host an os-services call named is no longer needed.
alter table failover_operation drop column service_host;
