-- InboxRetention deletes the records of messages applied longer ago than inbox.retention, by age.
create index processed_message_processed_at on processed_message (processed_at);
