-- Where each group was placed (host@backend#pool): volumes created in a group go to the same backend.
create table group_placement (
    group_id  varchar(36) primary key,
    host      varchar(255) not null,
    placed_at timestamp with time zone not null
);
