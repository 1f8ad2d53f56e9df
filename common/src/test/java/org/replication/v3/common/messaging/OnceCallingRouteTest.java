package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.volume.VolumeDeleted;

/**
 * {@link Routes#onceCalling}: the call runs outside the inbox transaction and only its record with the inbox row, so
 * a redelivery of an applied record calls nothing, and a failed record (a crash, say) calls again on redelivery.
 */
class OnceCallingRouteTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventCodec codec = new EventCodec(mapper, "test");
    private final RecordingInbox inbox = new RecordingInbox();
    private final EventDispatcher dispatcher = new EventDispatcher(codec, inbox,
            new ConsumerRetry(2, Duration.ofMillis(1), Duration.ofMillis(2)));
    private final List<String> log = new ArrayList<>();

    @Test
    void theCallRunsOutsideTheInboxAndARedeliveryOfAnAppliedRecordCallsNothing() {
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.of("here"),
                (deleted, here) -> call(deleted.volumeId()), (deleted, here, result) -> record(result, false));
        String record = codec.encode(codec.wrap(new VolumeDeleted("vol-1")));

        dispatcher.dispatch(record, routes).await().indefinitely();
        dispatcher.dispatch(record, routes).await().indefinitely();

        assertThat(log).containsExactly("call vol-1 outside", "record called vol-1 inside");
    }

    @Test
    void aRecordThatFailedCallsAgainWhenItIsTriedAgain() {
        int[] crashes = {1};
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.of("here"),
                (deleted, here) -> call(deleted.volumeId()),
                (deleted, here, result) -> record(result, crashes[0]-- > 0));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("vol-2"))), routes).await().indefinitely();

        assertThat(log).containsExactly("call vol-2 outside", "call vol-2 outside", "record called vol-2 inside");
        assertThat(inbox.recorded).hasSize(1);
    }

    @Test
    void whatMustFollowTheCommitRunsOnlyOnceTheRecordIsIn() {
        int[] crashes = {1};
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.of("here"),
                (deleted, here) -> call(deleted.volumeId()),
                (deleted, here, result) -> record(result, crashes[0]-- > 0),
                (deleted, here) -> log.add("after commit " + deleted.volumeId() + " recorded: "
                        + inbox.recorded.size()));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("vol-4"))), routes).await().indefinitely();

        assertThat(log).containsExactly("call vol-4 outside", "call vol-4 outside", "record called vol-4 inside",
                "after commit vol-4 recorded: 1");
    }

    @Test
    void aSecondCopyArrivingWhileTheFirstIsCallingCallsNothing() {
        CompletableFuture<String> arrayAnswers = new CompletableFuture<>();
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.of("here"),
                (deleted, here) -> {
                    log.add("call " + deleted.volumeId());
                    return Uni.createFrom().completionStage(arrayAnswers);
                }, (deleted, here, result) -> record(result, false));
        String record = codec.encode(codec.wrap(new VolumeDeleted("vol-5")));

        CompletableFuture<Void> first = dispatcher.dispatch(record, routes).subscribeAsCompletionStage();
        // Without the guard this copy would call the array too, and wait for its answer.
        dispatcher.dispatch(record, routes).await().atMost(Duration.ofSeconds(5));
        arrayAnswers.complete("called vol-5");
        first.join();

        assertThat(log).containsExactly("call vol-5", "record called vol-5 inside");
        assertThat(inbox.recorded).hasSize(1);
    }

    @Test
    void aBatchOfCallsAndASingleCopyOfOneOfThemNeverCallTheDriverTwice() {
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.of("here"),
                (deleted, here) -> call(deleted.volumeId()), (deleted, here, result) -> record(result, false));
        String record = codec.encode(codec.wrap(new VolumeDeleted("vol-6")));
        String id = codec.decode(record).id();

        // A batch consumer calls the driver for vol-6 and vol-7 now: the copy of vol-6 replayed meanwhile is skipped.
        Set<String> batch = dispatcher.startCalling(List.of(id, "vol-7-message"));
        dispatcher.dispatch(record, routes).await().atMost(Duration.ofSeconds(5));
        assertThat(batch).containsExactly(id, "vol-7-message");
        assertThat(log).isEmpty();

        // While it calls, a second batch holding vol-6 may not call it either; once the first is done, it may.
        assertThat(dispatcher.startCalling(List.of(id, "vol-8-message"))).containsExactly("vol-8-message");
        dispatcher.doneCalling(batch);
        dispatcher.dispatch(record, routes).await().atMost(Duration.ofSeconds(5));
        assertThat(log).containsExactly("call vol-6 outside", "record called vol-6 inside");
    }

    @Test
    void aRecordNotAddressedHereIsNeitherCalledNorRecorded() {
        Routes routes = Routes.routes().onceCalling(VolumeDeleted.class, d -> Optional.<String>empty(),
                (deleted, here) -> call(deleted.volumeId()), (deleted, here, result) -> record(result, false));

        dispatcher.dispatch(codec.encode(codec.wrap(new VolumeDeleted("vol-3"))), routes).await().indefinitely();

        assertThat(log).isEmpty();
        assertThat(inbox.recorded).isEmpty();
    }

    private Uni<String> call(String id) {
        return Uni.createFrom().item(() -> {
            log.add("call " + id + (inbox.inside ? " inside" : " outside"));
            return "called " + id;
        });
    }

    private Uni<Void> record(String result, boolean crash) {
        if (crash) {
            return Uni.createFrom().failure(new IllegalStateException("crash before commit"));
        }
        return Uni.createFrom().voidItem().invoke(() -> log.add("record " + result + (inbox.inside ? " inside"
                : " outside")));
    }

    /** The inbox without a database: remembers message ids; a failed work does not count as applied. */
    private static final class RecordingInbox extends Inbox {

        final Set<String> recorded = new HashSet<>();
        boolean inside;

        RecordingInbox() {
            super("test", null);
        }

        @Override
        public Uni<Boolean> applied(EventEnvelope message) {
            return Uni.createFrom().item(recorded.contains(message.id()));
        }

        @Override
        public Uni<Void> applyOnce(EventEnvelope message, Supplier<Uni<Void>> work) {
            if (recorded.contains(message.id())) {
                return Uni.createFrom().voidItem();
            }
            inside = true;
            return work.get().invoke(() -> recorded.add(message.id())).eventually(() -> inside = false);
        }
    }
}
