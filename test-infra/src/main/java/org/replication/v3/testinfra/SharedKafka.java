package org.replication.v3.testinfra;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real single-node Kafka broker (KRaft, PLAINTEXT) that a test starts and stops itself: a container when
 * {@link InfraMode} says so, otherwise Kafka's own in-process test cluster. Several service processes can share it,
 * which is what system tests do; Quarkus tests use it through {@link KafkaResource}.
 */
public final class SharedKafka implements AutoCloseable {

    static final String IMAGE = "apache/kafka-native:4.1.2";

    /**
     * A single broker cannot hold more than one replica, and the default 50 offsets partitions slow the first group join.
     * No topic is created by the broker on first use, as in every deployment: the services create theirs with the
     * declared settings (TopicProvisioner), and a test that wrote to a topic no service declared would fail.
     */
    private static final Map<String, String> SINGLE_NODE = Map.of(
            "auto.create.topics.enable", "false",
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    private static final System.Logger LOG = System.getLogger(SharedKafka.class.getName());

    private final String bootstrapServers;
    private final AutoCloseable server;

    private SharedKafka(String bootstrapServers, AutoCloseable server) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
    }

    /** Starts a broker in the mode chosen by {@code -Dtest.infra} / {@code TEST_INFRA}. */
    public static SharedKafka start() {
        return start(InfraMode.configured());
    }

    public static SharedKafka start(InfraMode mode) {
        long started = System.nanoTime();
        boolean containers = mode.useContainers();
        SharedKafka kafka = containers ? inContainer() : inProcess();
        LOG.log(Level.INFO, "Kafka ({0}) ready at {1} after {2} ms", containers ? "container" : "in-process",
                kafka.bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return kafka;
    }

    private static SharedKafka inContainer() {
        KafkaContainer container = new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new SharedKafka(container.getBootstrapServers(), container);
    }

    private static SharedKafka inProcess() {
        QuietLogging.apply();
        KafkaClusterTestKit cluster = null;
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    // The test kit defaults to the newest, still unstable metadata version; a real broker would not.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            SINGLE_NODE.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new SharedKafka(cluster.bootstrapServers(), cluster);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            IllegalStateException failure = new IllegalStateException("in-process Kafka did not start", e);
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            throw failure;
        }
    }

    /** The {@code host:port} list for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopping Kafka at " + bootstrapServers + " failed", e);
        }
    }
}
