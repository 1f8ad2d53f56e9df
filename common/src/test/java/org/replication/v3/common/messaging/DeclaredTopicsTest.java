package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.smallrye.reactivemessaging.runtime.SmallRyeReactiveMessagingLifecycle;
import jakarta.annotation.Priority;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DeclaredTopicsTest {

    @Test
    void everyTopicIsDeclaredWithItsDeadLetterTopic() {
        List<DeclaredTopic> declared = TopicNames.declared();

        List<DeclaredTopic> topics = declared.stream().filter(t -> !t.deadLetter()).toList();
        assertThat(topics).extracting(DeclaredTopic::name).containsExactly("scheduler.commands", "scheduler.events",
                "volume.commands", "volume.events", "backend.capabilities", "replication.commands",
                "replication.events", "service.heartbeats", "service.events");
        assertThat(topics).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(6));
        assertThat(topics).filteredOn(DeclaredTopic::compacted).extracting(DeclaredTopic::name)
                .containsExactly("backend.capabilities", "service.heartbeats", "service.events");
        assertThat(declared).filteredOn(DeclaredTopic::deadLetter).hasSize(topics.size()).allSatisfy(dlq -> {
            assertThat(dlq.name()).isEqualTo(TopicNames.deadLetter(dlq.deadLetterOf()));
            assertThat(dlq.partitions()).isEqualTo(1);
            assertThat(dlq.cleanupPolicy()).isEqualTo("delete");
        });
        assertThat(declared).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 1));
    }

    /** The published catalogue (docs/events/asyncapi.yaml) tells consumers which topics are compacted. */
    @Test
    void theEventCatalogueSaysTheSameOfCompaction() {
        Properties defaults = new Properties();
        try (var in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<DeclaredTopic> declared = TopicNames.declared();
        for (EventCatalogue.Topic topic : EventCatalogue.TOPICS) {
            String name = defaults.getProperty("topics." + topic.property());
            assertThat(declared).filteredOn(t -> t.name().equals(name)).singleElement()
                    .satisfies(t -> assertThat(t.compacted()).as(name).isEqualTo(topic.compacted()));
        }
    }

    /**
     * The topics exist before SmallRye Reactive Messaging starts a consumer or producer: its StartupEvent observer
     * must come after the provisioner's.
     */
    @Test
    void provisioningRunsBeforeTheChannelsStart() throws NoSuchMethodException {
        Method messagingStart = Arrays.stream(SmallRyeReactiveMessagingLifecycle.class.getDeclaredMethods())
                .filter(m -> m.getParameterCount() == 1 && m.getParameterTypes()[0] == StartupEvent.class)
                .findFirst().orElseThrow();
        int messaging = Arrays.stream(messagingStart.getParameterAnnotations()[0])
                .filter(Priority.class::isInstance).map(a -> ((Priority) a).value()).findFirst().orElseThrow();
        Method provisionerStart = TopicProvisioner.class.getDeclaredMethod("onStart", StartupEvent.class);
        int provisioner = Arrays.stream(provisionerStart.getParameterAnnotations()[0])
                .filter(Priority.class::isInstance).map(a -> ((Priority) a).value()).findFirst().orElseThrow();

        assertThat(provisioner).isEqualTo(TopicProvisioner.PRIORITY).isLessThan(messaging);
    }
}
