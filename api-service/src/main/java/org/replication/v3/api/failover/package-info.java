/**
 * Failover, failback and reprotect of replicated volumes: of one volume, a group, a pool or a whole backend.
 *
 * <p>Where each scope comes from and who resolves it to volumes:
 * <table>
 * <caption>Failover scopes</caption>
 * <tr><th>scope</th><th>resource, as requested</th><th>requested through</th><th>checked here by</th></tr>
 * <tr><td>volume</td><td>a volume id</td><td>{@code POST /replication/failover}</td>
 *     <td>{@code FailoverService} (the volumes exist)</td></tr>
 * <tr><td>group</td><td>a group id</td><td>the same, or the group action {@code failover_replication}</td>
 *     <td>{@code group.service.GroupFailover} (the groups exist)</td></tr>
 * <tr><td>pool</td><td>{@code host@backend#pool}</td><td>{@code POST /replication/failover}</td>
 *     <td>{@code cinderservice.service.ServiceFailover} (its backend has a volume service)</td></tr>
 * <tr><td>backend</td><td>{@code host@backend}</td><td>the same, or os-services {@code failover_host}</td>
 *     <td>{@code cinderservice.service.ServiceFailover}</td></tr>
 * </table>
 *
 * <p>A request is parsed by {@code rest.FailoverRequests} into a {@link org.replication.v3.api.failover.FailoverOrder};
 * {@code service.FailoverService} refuses one that overlaps a running operation, then writes the operation
 * ({@code accepted}) and a {@code FailoverRequested} command with the scope and its resources. The API never lists
 * the volumes of a pool or backend: the replication-service resolves the scope to the replicated volumes it holds
 * (a pool: the volumes on {@code host@backend#pool}; a backend: every pool of {@code host@backend}), and its
 * {@code FailoverPlanner} plans the switch. Its {@code OperationChanged} events come back through
 * {@code messaging.OperationEventConsumer} to {@code service.OperationEventHandler}, which keeps the operations view
 * and tells every {@link org.replication.v3.api.failover.FailoverParticipant} (the os-services record of a backend,
 * a group's replication_status). This package depends on neither participant: they depend on it.
 */
package org.replication.v3.api.failover;
