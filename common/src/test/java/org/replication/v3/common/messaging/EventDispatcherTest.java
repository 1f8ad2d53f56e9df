package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleted;

class EventDispatcherTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventCodec codec = new EventCodec(mapper, "test");
    private final RecordingInbox inbox = new RecordingInbox();
    private final EventDispatcher dispatcher = new EventDispatcher(codec, inbox,
            new ConsumerRetry(2, Duration.ofMillis(1), Duration.ofMillis(2)));
    private final List<String> applied = new ArrayList<>();

    @Test
    void aRouteAppliedOnceRunsInTheInboxAndARedeliveryIsSkipped() {
        Routes routes = Routes.routes().once(VolumeDeleted.class, deleted -> note("deleted " + deleted.volumeId()));
        String record = codec.encode(codec.wrap(new VolumeDeleted("vol-1")));

        dispatcher.dispatch(record, routes).await().indefinitely();
        dispatcher.dispatch(record, routes).await().indefinitely();

        assertThat(applied).containsExactly("deleted vol-1");
        assertThat(inbox.recorded).hasSize(1);
    }

    @Test
    void aSnapshotRouteBypassesTheInbox() {
        Routes routes = Routes.routes().latest(VolumeDeleted.class, deleted -> note(deleted.volumeId()));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("vol-2"))), routes).await().indefinitely();

        assertThat(applied).containsExactly("vol-2");
        assertThat(inbox.recorded).isEmpty();
    }

    @Test
    void aRecordForAnotherInstanceIsSkippedUnrecordedAndAfterCommitRunsOnlyForOurs() {
        List<String> woken = new ArrayList<>();
        Routes routes = Routes.routes().once(VolumeDeleted.class,
                deleted -> deleted.volumeId().startsWith("mine") ? Optional.of("backend-a") : Optional.empty(),
                (deleted, backend) -> note(backend + ":" + deleted.volumeId()),
                (deleted, backend) -> woken.add(backend));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("theirs-1"))), routes).await().indefinitely();
        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("mine-1"))), routes).await().indefinitely();

        assertThat(applied).containsExactly("backend-a:mine-1");
        assertThat(inbox.recorded).hasSize(1);
        assertThat(woken).containsExactly("backend-a");
    }

    @Test
    void aKnownTypeWithoutARouteBelongsToAnotherServiceAndIsSkipped() {
        Routes routes = Routes.routes().once(VolumeDeleted.class, deleted -> note(deleted.volumeId()));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeCreated("vol-3", "node1@fast#p", "lun-3", 1))),
                routes).await().indefinitely();

        assertThat(applied).isEmpty();
    }

    @Test
    void aNewerVersionThisBuildDoesNotKnowFailsUnretriedSoTheChannelDeadLettersIt() {
        Routes routes = Routes.routes().once(VolumeDeleted.class, deleted -> note(deleted.volumeId()));
        String v2 = "{\"specversion\":\"1.0\",\"id\":\"e-9\",\"type\":\"volume.deleted.v2\",\"source\":\"new-producer\","
                + "\"subject\":\"vol-4\",\"data\":{\"volumeId\":\"vol-4\",\"reclaimedBytes\":1024}}";

        assertThatThrownBy(() -> dispatcher.dispatch(v2, routes).await().indefinitely())
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("volume.deleted.v2");
        assertThat(applied).isEmpty();
        assertThat(inbox.attempts).isZero();
    }

    @Test
    void anUnreadableRecordFailsUnretried() {
        Routes routes = Routes.routes().once(VolumeDeleted.class, deleted -> note(deleted.volumeId()));

        assertThatThrownBy(() -> dispatcher.dispatch("not json", routes).await().indefinitely())
                .isInstanceOf(MalformedEventException.class);
        assertThat(inbox.attempts).isZero();
    }

    @Test
    void aTransientFailureIsRetriedAndAppliedOnce() {
        int[] calls = {0};
        Routes routes = Routes.routes().once(VolumeDeleted.class, deleted -> {
            if (calls[0]++ == 0) {
                return Uni.createFrom().failure(new IllegalStateException("lock timeout"));
            }
            return note(deleted.volumeId());
        });

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("vol-5"))), routes).await().indefinitely();

        assertThat(applied).containsExactly("vol-5");
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void twoRoutesForOneTypeAreADeveloperMistakeCaughtAtOnce() {
        assertThatThrownBy(() -> Routes.routes().once(VolumeDeleted.class, d -> note("a"))
                .latest(VolumeDeleted.class, d -> note("b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("volume.deleted.v1");
    }

    private Uni<Void> note(String what) {
        return Uni.createFrom().voidItem().invoke(() -> applied.add(what));
    }

    /** The inbox without a database: remembers message ids; a failed work does not count as applied. */
    private static final class RecordingInbox extends Inbox {

        final Set<String> recorded = new HashSet<>();
        int attempts;

        RecordingInbox() {
            super("test", null);
        }

        @Override
        public Uni<Void> applyOnce(EventEnvelope message, Supplier<Uni<Void>> work) {
            attempts++;
            if (recorded.contains(message.id())) {
                return Uni.createFrom().voidItem();
            }
            return work.get().invoke(() -> recorded.add(message.id()));
        }
    }
}
