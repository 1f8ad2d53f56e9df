package org.replication.v3.api.limit.service;

/** What a project's live volumes take from its quotas. */
public record Usage(long volumes, long gigabytes) {
}
