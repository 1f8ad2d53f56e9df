-- The latest capability report of each backend (host@backend), so a restarted scheduler can place at once.
create table backend_report (
    host        varchar(255) primary key,
    report      text not null,
    reported_at timestamp with time zone not null,
    received_at timestamp with time zone not null
);
