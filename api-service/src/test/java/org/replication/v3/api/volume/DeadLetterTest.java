package org.replication.v3.api.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.replication.v3.api.support.Api;
import org.replication.v3.api.support.Kafka;
import org.replication.v3.api.support.Volumes;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.volume.VolumeCreated;

/**
 * A record the consumer cannot read, or of a type this build does not know, is parked on the dead-letter topic, and
 * the stream goes on.
 */
@QuarkusTest
class DeadLetterTest {

    @Inject
    EventCodec codec;

    @Inject
    TopicNames topics;

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheNextEventIsApplied() {
        String project = Api.newProject();
        String id = Volumes.create(project);

        // Same partition as the good event (same key), so the good one can only be applied after the poison.
        Kafka.send(topics.volumeEvents(), id, "{this is not a cloud event");
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(id, "node1@fast#pool-a", null, 1)));

        Volumes.awaitStatus(project, id, "available");
        ConsumerRecord<String, String> parked = Kafka.await(TopicNames.deadLetter(topics.volumeEvents()),
                record -> id.equals(record.key()), Volumes.EVENT_TIMEOUT);
        assertThat(parked.value()).isEqualTo("{this is not a cloud event");
        Header reason = parked.headers().lastHeader("dead-letter-reason");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("CloudEvents");
    }

    @Test
    void eventWithUnreadableDataIsParkedToo() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        String badData = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + VolumeCreated.TYPE
                + "\",\"source\":\"test\",\"subject\":\"" + id + "\",\"data\":{\"volumeId\":\"" + id
                + "\",\"host\":\"no-pool-here\",\"size\":1}}";

        Kafka.send(topics.volumeEvents(), id, badData);
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(id, "node1@fast#pool-a", null, 1)));

        Volumes.awaitStatus(project, id, "available");
        ConsumerRecord<String, String> parked = Kafka.await(TopicNames.deadLetter(topics.volumeEvents()),
                record -> record.value().equals(badData), Volumes.EVENT_TIMEOUT);
        assertThat(parked.key()).isEqualTo(id);
    }

    @Test
    void anEventTypeThisBuildDoesNotKnowIsParkedForReplayAndTheStreamGoesOn() {
        String project = Api.newProject();
        String id = Volumes.create(project);
        // A newer producer's version: dropping it would lose a state change, so it waits on the dead-letter topic.
        String newer = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\""
                + VolumeCreated.TYPE.replace(".v1", ".v2") + "\",\"source\":\"test\",\"subject\":\"" + id
                + "\",\"data\":{\"volumeId\":\"" + id + "\",\"host\":\"node1@fast#pool-a\",\"size\":1}}";

        Kafka.send(topics.volumeEvents(), id, newer);
        Kafka.send(topics.volumeEvents(), id, Volumes.encode(codec, new VolumeCreated(id, "node1@fast#pool-a", null, 1)));

        Volumes.awaitStatus(project, id, "available");
        ConsumerRecord<String, String> parked = Kafka.await(TopicNames.deadLetter(topics.volumeEvents()),
                record -> record.value().equals(newer), Volumes.EVENT_TIMEOUT);
        assertThat(parked.key()).isEqualTo(id);
    }
}
