-- What an unplanned async failover put at risk, per volume: when the target last heard what the lost primary had
-- not passed on (lost_bytes holds how much), and how far behind the target was then (null: not known).
alter table failover_operation_result add column at_risk_as_of timestamp with time zone;
alter table failover_operation_result add column lag_at_loss_seconds double precision;
