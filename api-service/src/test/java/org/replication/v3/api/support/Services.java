package org.replication.v3.api.support;

import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.capability.PoolCapabilities;
import org.replication.v3.common.cinderservice.ServiceBinary;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.replication.ReplicationDefaults;
import org.replication.v3.common.replication.ReplicationMode;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.SyncTopology;

/** Plays the heartbeats and capability reports the scheduler and the volume services would send. */
public final class Services {

    private Services() {
    }

    /** A host name no other test uses. */
    public static String newHost() {
        return "node-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void heartbeat(EventCodec codec, TopicNames topics, String binary, String host, Boolean replication,
            Instant at) {
        ServiceHeartbeat heartbeat = new ServiceHeartbeat(binary, host, "nova", replication, at);
        Kafka.send(topics.serviceHeartbeats(), heartbeat.subject(), Volumes.encode(codec, heartbeat));
    }

    /** A volume service at {@code backend} (host@backend), beating now, and waits until the API lists it. */
    public static void volumeServiceUp(EventCodec codec, TopicNames topics, String backend) {
        heartbeat(codec, topics, ServiceBinary.VOLUME, backend, true, Instant.now());
        awaitListed(ServiceBinary.VOLUME, backend);
    }

    public static void awaitListed(String binary, String host) {
        String project = Api.newProject();
        await().atMost(Volumes.EVENT_TIMEOUT).until(() -> Api.admin(project)
                .queryParam("binary", binary).queryParam("host", host)
                .get("/v3/" + project + "/os-services").then().extract().jsonPath().getList("services").size() == 1);
    }

    /** The target every test backend reports, as volume-service's default configuration has it for fast. */
    public static final ReplicationTarget TARGET = new ReplicationTarget("site-b",
            Set.of(ReplicationMode.SYNC, ReplicationMode.ASYNC), false,
            Set.of(SyncTopology.ACTIVE_PASSIVE, SyncTopology.ACTIVE_ACTIVE), true, 30, "az-2", Set.of());
    private static final ReplicationDefaults POOL_A = new ReplicationDefaults(null, null, null, null, 300, "site-b");
    /** pool-b is replicated as a whole. */
    private static final ReplicationDefaults POOL_B = new ReplicationDefaults(ReplicationScope.POOL, null, null,
            null, 300, "site-b");

    /** A capability report of {@code backend} with two pools, as a volume-service sends it. */
    public static BackendCapabilities report(String backend, String backendName, Instant at) {
        return new BackendCapabilities(backend, backendName, "Open Source", "1.0.0", "file", "nova", at,
                List.of(new PoolCapabilities("pool-a", 1000, 900, 100, true, 1.0, 0,
                                Map.of("thin_provisioning_support", "true"), POOL_A),
                        new PoolCapabilities("pool-b", 500, 500, 0, true, 1.0, 0,
                                Map.of("thin_provisioning_support", "true"), POOL_B)),
                Map.of("volume_backend_name", backendName, "vendor_name", "Open Source", "storage_protocol", "file"),
                true, List.of(TARGET));
    }

    public static void publishReport(EventCodec codec, TopicNames topics, BackendCapabilities report) {
        Kafka.send(topics.backendCapabilities(), report.host(), Volumes.encode(codec, report));
    }
}
