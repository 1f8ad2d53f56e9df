package org.replication.v3.common.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicaDocument;
import org.replication.v3.common.crosscloud.ReplicaDocuments;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.failover.FailbackChanges;
import org.replication.v3.common.failover.FailoverAction;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.FencedBy;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.OperationState;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMember;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.GroupVolumeType;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.replication.FailoverExpectations;
import org.replication.v3.common.replication.FailoverExpectations.DataLoss;
import org.replication.v3.common.replication.FailoverExpectations.Downtime;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagLevel;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SettingSource;
import org.replication.v3.common.replication.SyncTopology;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeAttached;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeDetached;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeSchedulingFailed;
import org.replication.v3.common.volume.VolumeStatusReset;

/**
 * What each golden sample under src/test/resources/events/ must decode to: one event of every published type,
 * with realistic values and every optional field set. The samples were written once from these records (v1, as
 * published); they are never regenerated, so a change to a record that would break a published event fails
 * {@link EventCompatibilityTest} instead of silently moving the samples along.
 */
final class PublishedEvents {

    static final String VOLUME = "6f1c2a9e-3b7d-4c1e-9a5f-2d8e7b6c4a10";
    static final String VOLUME_2 = "b2e4d6f8-1a3c-4e5f-8b7d-9c0a1e2f3d45";
    static final String GROUP = "0d9c8b7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a";
    static final String OPERATION = "3e8f1d2c-7b6a-4e9f-8d1c-5a4b3c2d1e0f";
    static final String PROJECT = "8a5e0c3f2b1d4e6f9a7b8c9d0e1f2a3b";
    static final String USER = "c4b3a2f1e0d94c8b7a6f5e4d3c2b1a09";
    static final String VOLUME_TYPE = "e1d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b";
    static final String GROUP_TYPE = "f0e1d2c3-b4a5-4f6e-9d8c-7b6a5f4e3d2c";
    static final String ATTACHMENT = "a9b8c7d6-e5f4-4a3b-2c1d-0e9f8a7b6c5d";
    static final String SERVER = "d4c3b2a1-0f9e-4d8c-7b6a-5f4e3d2c1b0a";
    static final String POOL = "node1@capacity#pool-a";
    static final String BACKEND = "node1@capacity";
    static final Instant AT = Instant.parse("2026-12-01T09:30:00Z");

    private static final Map<String, String> EXTRA_SPECS = Map.of("volume_backend_name", "capacity",
            "replication_enabled", "<is> True", "replication_mode", "async", "replication_rpo_seconds", "300");
    private static final Map<String, String> GROUP_SPECS = Map.of("consistent_group_replication_enabled", "<is> True",
            "replication_mode", "async");
    private static final FailoverExpectations ASYNC_COST = new FailoverExpectations(DataLoss.BOUNDED_BY_RPO, 300,
            Downtime.MANUAL_FAILOVER);
    private static final VolumeReplication ASYNC = new VolumeReplication(ReplicationStatus.ENABLED,
            ReplicationMode.ASYNC, ReplicationScope.VOLUME, "site-c", SyncTopology.ACTIVE_PASSIVE, true, 300,
            Map.of("replication_enabled", SettingSource.VOLUME_TYPE, "replication_mode", SettingSource.GROUP_TYPE,
                    "replication_scope", SettingSource.DEFAULT, "replication_target", SettingSource.BACKEND),
            ASYNC_COST);

    private static final ReplicaDocument REPLICA_DOCUMENT = ReplicaDocuments.sealed(new ReplicaDocument(
            ReplicaDocuments.FORMAT_VERSION, "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f", null, AT,
            new ReplicaDocument.Source(PROJECT, "node1@fast#pool-b"), VOLUME, "db-1", "orders database", 10,
            Map.of("app", "orders"), true, false, false,
            new ReplicaDocument.VolumeType("replicated-gold", EXTRA_SPECS),
            new ReplicaDocument.Group(GROUP, "orders", "replicated-group", GROUP_SPECS),
            new ReplicaDocument.Replication(ReplicationMode.SYNC, null, ReplicationScope.POOL, true),
            new ReplicaDocument.Replica("site-b", "site-b", "site-b:pool-b/volume-" + VOLUME, "pool-b",
                    10L << 30, 5, AT.minusSeconds(2))));

    private PublishedEvents() {
    }

    /** One event of each type, by type, as the samples hold it. */
    static Map<String, DomainEvent> all() {
        Map<String, DomainEvent> events = new LinkedHashMap<>();
        for (DomainEvent event : List.of(
                new ScheduleVolumeCreate(VOLUME, PROJECT, USER, 10, VOLUME_TYPE, "replicated-gold", EXTRA_SPECS,
                        "nova", GROUP),
                new CreateVolumeOnBackend(VOLUME, PROJECT, 10, POOL, VOLUME_TYPE, EXTRA_SPECS, GROUP, GROUP_SPECS),
                new DeleteVolume(VOLUME, POOL),
                new ExtendVolume(VOLUME, POOL, 20),
                new VolumeCreated(VOLUME, POOL, "lun-000042", 10),
                new VolumeCreateFailed(VOLUME, POOL, "pool-a has 3 GB free, 10 GB asked"),
                new VolumeSchedulingFailed(VOLUME, "No valid backend was found. No pool with volume_backend_name=gold"),
                new VolumeDeleted(VOLUME),
                new VolumeDeleteFailed(VOLUME, "the array refused: volume has snapshots"),
                new VolumeExtended(VOLUME, 20),
                new VolumeExtendFailed(VOLUME, "pool-a has 5 GB free, 10 GB more asked"),
                new VolumeAttached(VOLUME, ATTACHMENT, SERVER, "compute-07", "/dev/vdb", "rw"),
                new VolumeDetached(VOLUME, ATTACHMENT, true),
                new VolumeStatusReset(VOLUME, "available", "detached", "error"),
                new ScheduleGroupCreate(GROUP, PROJECT, GROUP_TYPE, GROUP_SPECS,
                        List.of(new GroupVolumeType(VOLUME_TYPE, EXTRA_SPECS)), "nova"),
                new CreateGroupOnBackend(GROUP, PROJECT, POOL, GROUP_TYPE, GROUP_SPECS),
                new UpdateGroupOnBackend(GROUP, POOL, GROUP_SPECS, true,
                        List.of(new UpdateGroupOnBackend.Joining(VOLUME, POOL, EXTRA_SPECS)),
                        List.of(new GroupMember(VOLUME_2, POOL))),
                new DeleteGroup(GROUP, POOL, List.of(new GroupMember(VOLUME, POOL))),
                new ChangeGroupReplication(GROUP, POOL, true, List.of(new GroupMember(VOLUME, POOL))),
                new GroupCreated(GROUP, POOL),
                new GroupCreateFailed(GROUP, POOL, "the driver cannot create consistency groups"),
                new GroupSchedulingFailed(GROUP, "No valid backend was found for every volume type of the group"),
                new GroupDeleted(GROUP),
                new GroupDeleteFailed(GROUP, "volume " + VOLUME + " could not be deleted: busy"),
                new GroupReplicationChanged(GROUP, true, ReplicationStatus.ERROR, "volume " + VOLUME_2 + " failed",
                        List.of(new GroupReplicationChanged.VolumeResult(VOLUME, ReplicationStatus.ENABLED, null),
                                new GroupReplicationChanged.VolumeResult(VOLUME_2, ReplicationStatus.ERROR, "target unreachable"))),
                new GroupMembershipChanged(GROUP, POOL, List.of(VOLUME), "volume " + VOLUME_2 + " stayed in",
                        List.of(new GroupMembershipChanged.Member(VOLUME, POOL, GROUP, ASYNC, ReplicationStatus.ENABLED, null),
                                new GroupMembershipChanged.Member(VOLUME_2, POOL, GROUP, ASYNC, ReplicationStatus.ERROR,
                                        "the driver could not stop its replication"))),
                new ReplicationEnabled(VOLUME, POOL, ASYNC, "target site-c not reachable at first try", GROUP),
                new ReplicationLagChanged(VOLUME, POOL, ReplicationLagChanged.Level.WARNING, 742.5, 300, 1_073_741_824L, AT),
                new ReplicationLagChangedV2(VOLUME, POOL, ReplicationLagLevel.BREACH,
                        ReplicationLagLevel.OK, 1.5, 450.0, 300, 1_073_741_824L,
                        AT.minusSeconds(450), AT),
                new ReplicationLagSnapshot(BACKEND, AT, List.of(new ReplicationLagSnapshot.Entry(VOLUME,
                        AT.minusSeconds(40), 4096, AT.minusSeconds(40), ReplicationLagLevel.CRITICAL))),
                new MediatorDecided(VOLUME, POOL, MediatorDecided.Kind.PRIMARY_LOST, "primary array stopped answering"),
                new MediatorDecidedV2(BACKEND, "d-000042", "site_lost", "array site-c lost (mediator decision d-000042)",
                        AT.minusSeconds(3), AT, List.of(
                                new MediatorDecidedV2.Entry(VOLUME, MediatorDecided.Kind.PRIMARY_LOST, true),
                                new MediatorDecidedV2.Entry(VOLUME_2, MediatorDecided.Kind.PRIMARY_LOST, false))),
                new FailoverRequested(OPERATION, FailoverAction.FAILBACK, ReplicationScope.BACKEND, List.of(BACKEND),
                        "site-c", true, "site A is back", true, USER, false, FailbackChanges.DISCARD),
                new OperationChanged(OPERATION, FailoverAction.FAILOVER, ReplicationScope.BACKEND, List.of(BACKEND),
                        "site-c", OperationState.COMPLETED_WITH_ERRORS, "site A lost", "2 of the volumes were already failed over", false, USER, 2, 1, 1,
                        new OperationChanged.Plan("backend_failover", Map.of(BACKEND, 2), DataLoss.BOUNDED_BY_RPO, 300,
                                Downtime.MANUAL_FAILOVER),
                        List.of(new VolumesSwitched.Result(VOLUME, ReplicationStatus.FAILED_OVER, 4096, AT, null,
                                FencedBy.OPERATOR)),
                        AT, AT.plusSeconds(12)),
                new SwitchVolumes(OPERATION, BACKEND, FailoverAction.FAILBACK, "site-c", true, List.of(VOLUME, VOLUME_2),
                        FailbackChanges.DISCARD, ReplicationScope.POOL, POOL),
                new VolumesSwitched(OPERATION, BACKEND, FailoverAction.FAILOVER, "site-c",
                        List.of(new VolumesSwitched.Result(VOLUME, ReplicationStatus.FAILED_OVER, 4096, AT,
                                null, FencedBy.DRIVER),
                                new VolumesSwitched.Result(VOLUME_2, ReplicationStatus.FAILOVER_ERROR, 0, AT,
                                        "the target refused the promotion", FencedBy.OPERATOR))),
                new BackendCapabilities(BACKEND, "capacity", "Reference", "1.4.0", "iSCSI", "nova", AT,
                        List.of(new PoolCapabilities("pool-a", 1000.0, 640.5, 359.5, true, 20.0, 5,
                                Map.of("compression", "<is> True"),
                                new ReplicationDefaults(ReplicationScope.POOL, ReplicationMode.ASYNC,
                                        SyncTopology.ACTIVE_ACTIVE, false, 300, "site-c"))),
                        Map.of("multiattach", "True"), true,
                        List.of(new ReplicationTarget("site-c", Set.of(ReplicationMode.ASYNC), true,
                                Set.of(SyncTopology.ACTIVE_PASSIVE), true, 60, "dr-zone",
                                Set.of(ReplicationScope.POOL), true))),
                new ServiceHeartbeat("cinder-volume", BACKEND, "nova", true, AT),
                new ServiceStatusChanged("cinder-volume", BACKEND, true, "maintenance window", true, AT),
                new ExportReplicas(OPERATION, BACKEND, true, List.of(new ExportReplicas.Entry(VOLUME, PROJECT,
                        "db-1", "orders database", 10, Map.of("app", "orders"), true, false, "replicated-gold",
                        EXTRA_SPECS, GROUP, "orders", "replicated-group", GROUP_SPECS))),
                new ReplicasExported(OPERATION, BACKEND, true, List.of(
                        new ReplicasExported.Result(VOLUME, REPLICA_DOCUMENT, null),
                        new ReplicasExported.Result(VOLUME_2, null, "volume " + VOLUME_2 + " is not failed over")),
                        List.of(GROUP)),
                new ImportReplicas(OPERATION, "cloudb@dr", List.of(new ImportReplicas.Entry(VOLUME, PROJECT,
                        "cloudb@dr#pool-b", VOLUME_TYPE, EXTRA_SPECS, GROUP, REPLICA_DOCUMENT))),
                new ReplicasImported(OPERATION, "cloudb@dr", List.of(
                        new ReplicasImported.Result(VOLUME, REPLICA_DOCUMENT.documentId(), "cloudb@dr#pool-b",
                                "site-b:pool-b/volume-" + VOLUME, 10, null),
                        new ReplicasImported.Result(VOLUME_2, "5d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a",
                                "cloudb@dr#pool-b", null, 10, "the replica on array site-b is at generation 7, not"
                                        + " the document's 5: it changed since the export"))))) {
            events.put(event.eventType(), event);
        }
        return events;
    }

    /**
     * Later revisions of published types, which only added optional fields: each is a sample of its own, named
     * {@code <type>+<revision>.json}, written once with the fields it added set. The first sample of the type stays
     * what it was and still decodes (the added fields null).
     */
    static Map<String, DomainEvent> revisions() {
        Map<String, DomainEvent> revisions = new LinkedHashMap<>();
        // issue 13: who sent a capability report and whether the backend's own array answered it
        revisions.put("backend.capabilities-reported.v1+reported-by",
                new BackendCapabilities(BACKEND, "capacity", "Reference", "1.4.0", "iSCSI", "nova", AT,
                        List.of(new PoolCapabilities("pool-a", 1000.0, 640.5, 359.5, true, 20.0, 5,
                                Map.of("compression", "<is> True"),
                                new ReplicationDefaults(ReplicationScope.POOL, ReplicationMode.ASYNC,
                                        SyncTopology.ACTIVE_ACTIVE, false, 300, "site-c"))),
                        Map.of("multiattach", "True"), true,
                        List.of(new ReplicationTarget("site-c", Set.of(ReplicationMode.ASYNC), true,
                                Set.of(SyncTopology.ACTIVE_PASSIVE), true, 60, "dr-zone",
                                Set.of(ReplicationScope.POOL), true)),
                        "site-c", false));
        // issue 14: the array the backend's volumes live on (cross-cloud import looks for it)
        revisions.put("backend.capabilities-reported.v1+array",
                new BackendCapabilities(BACKEND, "capacity", "Reference", "1.4.0", "iSCSI", "nova", AT,
                        List.of(new PoolCapabilities("pool-a", 1000.0, 640.5, 359.5, true, 20.0, 5,
                                Map.of("compression", "<is> True"),
                                new ReplicationDefaults(ReplicationScope.POOL, ReplicationMode.ASYNC,
                                        SyncTopology.ACTIVE_ACTIVE, false, 300, "site-c"))),
                        Map.of("multiattach", "True"), true,
                        List.of(new ReplicationTarget("site-c", Set.of(ReplicationMode.ASYNC), true,
                                Set.of(SyncTopology.ACTIVE_PASSIVE), true, 60, "dr-zone",
                                Set.of(ReplicationScope.POOL), true)),
                        "site-c", false, "site-b"));
        // issue 13: the data an unplanned async failover put at risk
        VolumesSwitched.Result atRisk = new VolumesSwitched.Result(VOLUME, ReplicationStatus.FAILED_OVER, 4096,
                AT.minusSeconds(45), null, FencedBy.DRIVER, 4096L, AT.minusSeconds(2), 43.0);
        revisions.put("volume.switched.v1+at-risk", new VolumesSwitched(OPERATION, BACKEND, FailoverAction.FAILOVER,
                "site-c", List.of(atRisk)));
        // issue 13: data at risk in the results, and what a forced failover was accepted despite
        revisions.put("replication.operation-changed.v1+warnings", new OperationChanged(OPERATION,
                FailoverAction.FAILOVER, ReplicationScope.BACKEND, List.of(BACKEND), "site-c",
                OperationState.COMPLETED_WITH_ERRORS, "site A lost", "2 of the volumes were already failed over",
                false, USER, 2, 1, 1,
                new OperationChanged.Plan("backend_failover", Map.of(BACKEND, 1), DataLoss.BOUNDED_BY_RPO, 300,
                        Downtime.MANUAL_FAILOVER, List.of("backend " + BACKEND + " has not reported since " + AT
                        + " (down after 60 s): forced")),
                List.of(atRisk), AT, AT.plusSeconds(12)));
        return revisions;
    }
}
