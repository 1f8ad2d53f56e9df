-- Outbox: events written in the same transaction as the state change they describe,
-- relayed to Kafka after commit and deleted once the broker has acknowledged them.
create table outbox_message (
    id          uuid primary key,
    seq         bigserial not null,
    topic       varchar(255) not null,
    message_key varchar(255) not null,
    event_type  varchar(255) not null,
    payload     text not null,
    created_at  timestamp with time zone not null
);
create index outbox_message_seq on outbox_message (seq);

-- Inbox: ids of the messages this service has applied, so a redelivered message changes nothing.
create table processed_message (
    consumer     varchar(255) not null,
    message_id   varchar(255) not null,
    processed_at timestamp with time zone not null,
    primary key (consumer, message_id)
);
