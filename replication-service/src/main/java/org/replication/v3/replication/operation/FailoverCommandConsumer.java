package org.replication.v3.replication.operation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.inbox.Inbox;
import org.replication.v3.common.messaging.Channels;
import org.replication.v3.common.messaging.ConsumerRetry;
import org.replication.v3.common.messaging.EventCodec;
import org.replication.v3.common.messaging.EventEnvelope;

/** Failover and failback requests, each started exactly once (the operation id is the key and the inbox id). */
@ApplicationScoped
public class FailoverCommandConsumer {

    private final EventCodec codec;
    private final Inbox inbox;
    private final ConsumerRetry retry;
    private final Operations operations;

    public FailoverCommandConsumer(EventCodec codec, Inbox inbox, ConsumerRetry retry, Operations operations) {
        this.codec = codec;
        this.inbox = inbox;
        this.retry = retry;
        this.operations = operations;
    }

    @Incoming(Channels.REPLICATION_COMMANDS_IN)
    public Uni<Void> onCommand(String record) {
        EventEnvelope command = codec.decode(record);
        if (!FailoverRequested.TYPE.equals(command.type())) {
            return Uni.createFrom().voidItem();
        }
        return retry.run(() -> inbox.applyOnce(command,
                () -> operations.start(codec.data(command, FailoverRequested.class))));
    }
}
