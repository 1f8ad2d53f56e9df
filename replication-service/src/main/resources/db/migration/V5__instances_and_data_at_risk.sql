-- Which volume-service instance sent a backend's latest report, and whether the backend's own array answered it:
-- after a site loss the survivor reports for the lost site's backends, and the targets' reachability is the
-- survivor's.
alter table backend_report add column reported_by text;
alter table backend_report add column array_reachable boolean;

-- What an unplanned async failover put at risk, per volume, as the driver reported it (null: not known).
alter table operation_item add column at_risk_bytes bigint;
alter table operation_item add column at_risk_as_of timestamptz;
alter table operation_item add column lag_at_loss_seconds double precision;
