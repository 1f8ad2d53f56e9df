package org.replication.v3.common.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the suite's topics (and their dead-letter topics) with the configured partition count, so that
 * the key-to-partition mapping is fixed before the first record and not left to broker auto-creation.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final TopicNames topics;
    private final String bootstrapServers;
    private final long timeoutSeconds;

    public TopicProvisioner(TopicNames topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "topics.provision-timeout-seconds", defaultValue = "30") long timeoutSeconds) {
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.timeoutSeconds = timeoutSeconds;
    }

    void onStart(@Observes StartupEvent start) {
        List<NewTopic> wanted = new ArrayList<>();
        for (String name : List.of(topics.schedulerCommands(), topics.schedulerEvents(), topics.volumeCommands(),
                topics.volumeEvents(), topics.backendCapabilities(), topics.replicationCommands(),
                topics.replicationEvents(), topics.serviceHeartbeats(), topics.serviceEvents())) {
            NewTopic topic = new NewTopic(name, topics.partitions(), topics.replicationFactor());
            if (name.equals(topics.backendCapabilities()) || name.equals(topics.serviceHeartbeats())
                    || name.equals(topics.serviceEvents())) {
                // Only each backend's (service's) latest record matters: compaction keeps a replay short.
                topic.configs(Map.of("cleanup.policy", "compact"));
            }
            wanted.add(topic);
            wanted.add(new NewTopic(TopicNames.deadLetter(name), 1, topics.replicationFactor()));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var result = admin.createTopics(wanted);
            for (var entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("topic %s not created: %s", entry.getKey(), e.getCause().getMessage());
                    }
                }
            }
        } catch (TimeoutException e) {
            LOG.warnf("Kafka at %s did not answer within %ds; topics are left to broker defaults",
                    bootstrapServers, timeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
