-- A failback says whether the changes made on the target while failed over are kept or discarded (null for a
-- failover or a reprotect); each failed-over volume says who fenced its old primary (planned, mediator, driver or
-- operator), so an operator sees that two sides never took writes at once.
alter table failover_operation add column changes varchar(16);
alter table failover_operation_result add column fenced_by varchar(16);
