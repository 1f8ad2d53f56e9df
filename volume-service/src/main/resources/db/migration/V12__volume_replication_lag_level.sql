-- The lag level this service last published for each replicated volume (ok, breach, warning, critical; null is
-- ok): a restart compares the first measure with it instead of announcing every lagging volume again.
alter table volume add column replication_lag_level varchar(16);
