-- Which side serves each replicated volume, and the replicated group it belongs to, so that a restarted
-- volume-service rebuilds its pairs as they were (a failed-over volume served by its target, its primary fenced)
-- instead of enabling them again from the primary.
alter table volume add column replication_active_side text not null default 'primary';
alter table volume add column replication_group_id varchar(36);
