-- How far each backend's replication driver has read its mediator's decision journal: stored in the transaction
-- that writes the decisions' events, so that a restart neither loses a decision nor reports one twice.
create table mediator_cursor (
    backend varchar(255) primary key,
    seq     bigint       not null
);
