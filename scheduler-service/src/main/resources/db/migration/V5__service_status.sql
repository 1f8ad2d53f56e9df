-- Operators' settings of volume services (os-services disable / freeze): placement skips excluded backends.
create table service_status (
    host       varchar(255) primary key,
    disabled   boolean not null,
    frozen     boolean not null,
    changed_at timestamp with time zone not null
);
