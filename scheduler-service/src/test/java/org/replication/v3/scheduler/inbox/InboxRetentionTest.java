package org.replication.v3.scheduler.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.inbox.InboxRetention;

/** The inbox forgets what it applied longer ago than its retention (14 days here), and only that. */
@QuarkusTest
class InboxRetentionTest {

    @Inject
    InboxRetention retention;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Test
    void recordsOlderThanTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String old = record(now.minusDays(15));
        String older = record(now.minusDays(400));
        String recent = record(now.minusDays(13));
        String fresh = record(now);

        long deleted = prune();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(recorded(old)).isFalse();
        assertThat(recorded(older)).isFalse();
        assertThat(recorded(recent)).as("13 days old, within the retention").isTrue();
        assertThat(recorded(fresh)).isTrue();
        assertThat(prune()).as("nothing left to forget").isZero();
    }

    private String record(OffsetDateTime processedAt) {
        String id = UUID.randomUUID().toString();
        pool.preparedQuery("insert into processed_message (consumer, message_id, processed_at) values ($1, $2, $3)")
                .executeAndAwait(Tuple.of("retention-test", id, processedAt));
        return id;
    }

    private boolean recorded(String id) {
        return pool.preparedQuery("select 1 from processed_message where message_id = $1")
                .executeAndAwait(Tuple.of(id)).size() == 1;
    }

    /** Runs the pruning as the scheduler would: on a Vert.x context of its own, where Hibernate Reactive runs. */
    private long prune() throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> retention.prune().subscribe().with(result::complete,
                result::completeExceptionally));
        return result.get(30, TimeUnit.SECONDS);
    }
}
