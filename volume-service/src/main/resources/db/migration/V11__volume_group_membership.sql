-- The generic volume group each volume belongs to, replicated or not: update_group moves volumes in and out here,
-- and the membership this service answers with is read from it. Until now only a group-replicated volume's group
-- was kept (replication_group_id), so that is all there is to carry over.
alter table volume add column group_id varchar(36);
update volume set group_id = replication_group_id where replication_group_id is not null;
create index volume_group_id on volume (group_id);
