-- When the automatic failover of a lost primary was started. A loss is kept (not deleted) once failed over, so that
-- a later record of the same loss (the mediator's promote after its "waiting for the grace period") starts nothing
-- more; the primary's recovery deletes it.
alter table primary_lost add column failed_over_at timestamptz;
