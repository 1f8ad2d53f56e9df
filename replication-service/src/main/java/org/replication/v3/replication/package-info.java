/**
 * replication-service: runs failover, failback and reprotect operations per replication scope (volume, group,
 * pool, backend). By domain, then role:
 * <ul>
 * <li>{@code operation}: the operations. {@code service/FailoverOperations} runs them (load, plan, record, send;
 * settle, recount, announce), {@code service/FailoverPlanner} plans them and says how each scope is resolved,
 * {@code service/AutomaticFailover} fails mediated volumes over by itself; {@code repository} holds their SQL;
 * {@code messaging} reads the requests from {@code replication.commands}.</li>
 * <li>{@code volume}: the view of replicated volumes kept from {@code volume.events}.</li>
 * <li>{@code capability}: each backend's last capability report, which a failover is checked against.</li>
 * </ul>
 */
package org.replication.v3.replication;
