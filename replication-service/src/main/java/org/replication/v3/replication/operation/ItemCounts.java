package org.replication.v3.replication.operation;

/** How many of an operation's volumes are switched, failed, or still waiting for their backend's answer. */
public record ItemCounts(int done, int failed, int pending) {
}
