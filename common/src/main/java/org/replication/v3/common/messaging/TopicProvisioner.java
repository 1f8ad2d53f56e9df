package org.replication.v3.common.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure every declared topic ({@link TopicNames#declaredTopics()}) exists with its settings before any channel
 * touches it: the brokers refuse auto-creation ({@code auto.create.topics.enable=false}), and a topic a broker made by
 * itself would have had one partition and no compaction. Missing topics are created ({@code topics.provisioning=create})
 * or named in a start failure ({@code verify}); an existing topic whose cleanup policy differs from its declaration
 * fails the start, one with another partition count is logged.
 */
@ApplicationScoped
public class TopicProvisioner {

    /**
     * Before SmallRye Reactive Messaging starts its consumers and producers, which it does in its own StartupEvent
     * observer at {@link Interceptor.Priority#LIBRARY_BEFORE} (checked by a test, as a Quarkus upgrade could move it).
     */
    public static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE - 100;

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final TopicNames topics;
    private final String bootstrapServers;

    public TopicProvisioner(TopicNames topics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent start) {
        provision();
    }

    /** Creates or checks the declared topics; throws {@link TopicsNotReady} with every problem found. */
    public void provision() {
        List<DeclaredTopic> declared = topics.declaredTopics();
        long timeout = topics.provisionTimeoutSeconds();
        int timeoutMs = (int) TimeUnit.SECONDS.toMillis(timeout);
        // Both bounds: closing the client waits for its calls, which a broker that never answered would keep open.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs))) {
            Map<String, DeclaredTopic> missing = new LinkedHashMap<>();
            Map<String, TopicDescription> existing = describe(admin, declared, missing, timeout);
            List<String> problems = new ArrayList<>();
            if (!missing.isEmpty()) {
                if (topics.provisioning() == TopicNames.Provisioning.VERIFY) {
                    problems.add("missing (topics.provisioning=verify, so this service creates none): "
                            + missing.values().stream().map(t -> t.name() + " (" + t.settings() + ")")
                                    .collect(Collectors.joining(", ")));
                } else {
                    List<DeclaredTopic> created = create(admin, missing.values(), timeout, problems);
                    existing.putAll(awaitVisible(admin, created, timeout, problems));
                }
            }
            check(admin, declared, existing, timeout, problems);
            if (!problems.isEmpty()) {
                throw new TopicsNotReady("Kafka topics at " + bootstrapServers + " are not as declared (topics.*): "
                        + String.join("; ", problems));
            }
        } catch (TimeoutException e) {
            throw notChecked("no answer within " + timeout + "s (topics.provision-timeout-seconds)", e);
        } catch (ExecutionException e) {
            throw notChecked(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsNotReady("interrupted while checking the topics at " + bootstrapServers, e);
        }
    }

    private TopicsNotReady notChecked(String why, Throwable cause) {
        return new TopicsNotReady("the topics at Kafka " + bootstrapServers + " could not be checked (" + why
                + "), and the broker creates none by itself", cause);
    }

    /** The declared topics that exist; those that do not go to {@code missing}. */
    private static Map<String, TopicDescription> describe(Admin admin, List<DeclaredTopic> declared,
            Map<String, DeclaredTopic> missing, long timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> existing = new LinkedHashMap<>();
        var result = admin.describeTopics(declared.stream().map(DeclaredTopic::name).toList()).topicNameValues();
        for (DeclaredTopic topic : declared) {
            try {
                existing.put(topic.name(), result.get(topic.name()).get(timeout, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                missing.put(topic.name(), topic);
            }
        }
        return existing;
    }

    /**
     * The created topics (and those another service created meanwhile, checked like any existing one), once the broker
     * serves them: the controller answers a creation before the broker's metadata has it, and a channel started then
     * would find no topic.
     */
    private static Map<String, TopicDescription> awaitVisible(Admin admin, List<DeclaredTopic> created, long timeout,
            List<String> problems) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        Map<String, TopicDescription> visible = new LinkedHashMap<>();
        Map<String, DeclaredTopic> pending = new LinkedHashMap<>();
        created.forEach(t -> pending.put(t.name(), t));
        while (true) {
            Map<String, DeclaredTopic> stillMissing = new LinkedHashMap<>();
            visible.putAll(describe(admin, List.copyOf(pending.values()), stillMissing, timeout));
            if (stillMissing.isEmpty()) {
                return visible;
            }
            if (System.nanoTime() > deadline) {
                problems.add("not served by the broker within " + timeout + "s after their creation: "
                        + String.join(", ", stillMissing.keySet()));
                return visible;
            }
            pending.clear();
            pending.putAll(stillMissing);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** The topics that exist now: those created, and those another service created meanwhile. */
    private static List<DeclaredTopic> create(Admin admin, Collection<DeclaredTopic> missing, long timeout,
            List<String> problems) throws InterruptedException, TimeoutException {
        List<NewTopic> wanted = missing.stream()
                .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, t.cleanupPolicy())))
                .toList();
        var result = admin.createTopics(wanted).values();
        List<String> created = new ArrayList<>();
        List<DeclaredTopic> present = new ArrayList<>();
        for (DeclaredTopic topic : missing) {
            try {
                result.get(topic.name()).get(timeout, TimeUnit.SECONDS);
                created.add(topic.name() + " (" + topic.settings() + ")");
                present.add(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    present.add(topic);
                } else {
                    problems.add(topic.name() + " could not be created (" + topic.settings() + "): "
                            + e.getCause().getMessage());
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", String.join(", ", created));
        }
        return present;
    }

    private void check(Admin admin, List<DeclaredTopic> declared, Map<String, TopicDescription> existing,
            long timeout, List<String> problems) throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = existing.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(timeout, TimeUnit.SECONDS);
        for (DeclaredTopic topic : declared) {
            TopicDescription description = existing.get(topic.name());
            if (description == null) {
                continue;
            }
            var policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String actual = policy == null ? DeclaredTopic.DELETE : policy.value();
            if (actual.contains(DeclaredTopic.COMPACT) != topic.compacted()) {
                problems.add(topic.name() + " has cleanup.policy=" + actual + ", declared " + topic.cleanupPolicy()
                        + (topic.compacted()
                                ? " (its records, the latest of each key, would be deleted after the retention)"
                                : " (compaction would drop all but the latest record of each key)")
                        + ": change the topic's cleanup.policy or delete the topic so that a service creates it");
            }
            int partitions = description.partitions().size();
            if (partitions != topic.partitions()) {
                // Every service reads the same topic, so a key still maps to one partition: a difference in
                // parallelism, not in ordering.
                LOG.warnf("topic %s has %d partitions, declared %d (topics.partitions): it is used as it is",
                        topic.name(), partitions, topic.partitions());
            }
        }
    }

    /** The service cannot start: a topic is missing, differs from its declaration, or Kafka did not answer. */
    public static final class TopicsNotReady extends RuntimeException {
        TopicsNotReady(String message) {
            super(message);
        }

        TopicsNotReady(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
