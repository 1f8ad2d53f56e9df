/**
 * Cross-cloud export and import of failed-over volumes (issue 14; the contract is CROSSCLOUD.md, the operator's
 * guide docs/cross-cloud.md).
 *
 * <p>Export (the cloud that lost its primary): {@code rest.ExportResource} takes {@code POST /replication/export};
 * {@code service.ExportService} resolves the scope to volumes and refuses the request whole when any cannot move
 * (not failed over, target not cross_os, encrypted, attached with clear_existing and no acknowledgement, already in
 * a running export), else writes the {@link org.replication.v3.api.crosscloud.ReplicaExport}, its items and the
 * ExportReplicas commands (per host@backend, at most ExportReplicas.MAX_VOLUMES each). The volume-service answers
 * ReplicasExported with a sealed document per volume; {@code service.CrossCloudEventHandler} stores them, and with
 * clear_existing deletes and hides the volumes (and groups left empty), as the volume-service and the
 * replication-service do with their own records.
 *
 * <p>Import (the other cloud): {@code rest.ImportResource} takes {@code POST /volumes/import-replica};
 * {@code service.ImportService} checks every document and this cloud all or nothing, records the volumes
 * {@code managing} on the backend whose capability report names the replica's array, and sends ImportReplicas. The
 * volume-service checks each replica on the array and answers ReplicasImported: the volume becomes available, or is
 * removed again with its item failed and the reason.
 */
package org.replication.v3.api.crosscloud;
