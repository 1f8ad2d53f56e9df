/**
 * replication-service: runs failover and failback workflows per replication scope (volume, group, pool,
 * backend). Today it owns its schema (outbox and inbox), health and metrics; the workflows arrive with the
 * replication issues, on the {@code replication.commands} and {@code replication.events} topics it provisions.
 */
package org.replication.v3.replication;
