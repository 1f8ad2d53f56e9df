-- The group type's specs, so that a volume of the group is placed with its group's replication in mind.
alter table group_placement add column group_specs text;
