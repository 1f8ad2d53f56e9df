package org.replication.v3.scheduler.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.messaging.DeclaredTopic;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.messaging.TopicProvisioner;
import org.replication.v3.common.messaging.TopicProvisioner.TopicsNotReady;

/**
 * The test broker, like every broker of the suite, creates no topic on first use (test-infra's EmbeddedServersTest):
 * the service started with every declared topic as declared because it created them before its channels started. A topic that is missing where the service
 * may not create it, or that is not compacted as declared, stops the start with a message that names it.
 */
@QuarkusTest
class TopicProvisioningTest {

    @Inject
    TopicNames topics;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Admin admin;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    @Test
    void theServiceStartedWithEveryDeclaredTopicAsDeclared() throws Exception {
        assertThat(topics.declaredTopics()).hasSize(18);
        for (DeclaredTopic topic : topics.declaredTopics()) {
            assertAsDeclared(topic);
        }
    }

    @Test
    void aMissingTopicStopsTheStartWhereTheServiceMayNotCreateIt() throws Exception {
        TopicNames probe = probeTopics("verify");
        String present = probe.schedulerCommands();
        create(new NewTopic(present, 6, (short) 1));

        assertThatThrownBy(() -> new TopicProvisioner(probe, bootstrap).provision())
                .isInstanceOf(TopicsNotReady.class)
                .hasMessageContaining("missing (topics.provisioning=verify")
                .hasMessageContaining(probe.serviceEvents() + " (6 partitions, replication factor 1,"
                        + " cleanup.policy=compact)")
                .hasMessageNotContaining(present + " (");
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(probe.serviceEvents());
    }

    @Test
    void aTopicNotCompactedAsDeclaredStopsTheStartAndTheOthersAreCreated() throws Exception {
        TopicNames probe = probeTopics("create");
        create(new NewTopic(probe.serviceEvents(), 6, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")));

        assertThatThrownBy(() -> new TopicProvisioner(probe, bootstrap).provision())
                .isInstanceOf(TopicsNotReady.class)
                .hasMessageContaining(probe.serviceEvents() + " has cleanup.policy=delete, declared compact");
        for (DeclaredTopic topic : probe.declaredTopics()) {
            if (!topic.name().equals(probe.serviceEvents())) {
                assertAsDeclared(topic);
            }
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerStopsTheStart() {
        TopicNames probe = probeTopics("create", "2");

        assertThatThrownBy(() -> new TopicProvisioner(probe, "127.0.0.1:1").provision())
                .isInstanceOf(TopicsNotReady.class)
                .hasMessageContaining("the topics at Kafka 127.0.0.1:1 could not be checked")
                .hasMessageContaining("the broker creates none by itself");
    }

    private static TopicNames probeTopics(String provisioning) {
        return probeTopics(provisioning, "10");
    }

    /** The declared topics under names of their own, so a test can leave them missing or wrong. */
    private static TopicNames probeTopics(String provisioning, String timeoutSeconds) {
        String prefix = "probe-" + UUID.randomUUID() + ".";
        Map<String, String> properties = new HashMap<>();
        for (String key : List.of("scheduler-commands", "scheduler-events", "volume-commands", "volume-events",
                "backend-capabilities", "replication-commands", "replication-events", "service-heartbeats",
                "service-events")) {
            properties.put("topics." + key, prefix + key);
        }
        properties.put("topics.provisioning", provisioning);
        properties.put("topics.provision-timeout-seconds", timeoutSeconds);
        return new SmallRyeConfigBuilder().addDefaultSources()
                .withSources(new PropertiesConfigSource(properties, "probe", 1000))
                .withMapping(TopicNames.class).build().getConfigMapping(TopicNames.class);
    }

    /** Created and served by the broker, whose metadata follows the controller's answer by a moment. */
    private void create(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeTopics(List.of(topic.name()))
                .topicNameValues().get(topic.name()).toCompletionStage().handle((d, e) -> e == null)
                .toCompletableFuture().get());
    }

    private void assertAsDeclared(DeclaredTopic topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic.name())).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic.name());
        assertThat(description.partitions()).as(topic.name()).hasSize(topic.partitions());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        assertThat(policy).as(topic.name()).isEqualTo(topic.cleanupPolicy());
    }
}
