-- The generic volume groups this service's backends hold.
create table volume_group (
    id         varchar(36) primary key,
    host       varchar(255) not null,
    backend    varchar(255) not null,
    pool       varchar(255) not null,
    status     varchar(32) not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
