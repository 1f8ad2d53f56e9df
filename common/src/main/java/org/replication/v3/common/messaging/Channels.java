package org.replication.v3.common.messaging;

/**
 * SmallRye Reactive Messaging channel names. The topic behind each channel is configuration
 * ({@code mp.messaging.incoming.<channel>.topic=${topics.<name>}}), see {@link TopicNames}.
 */
public final class Channels {

    /** The one outgoing channel: the outbox relay sets the topic of each record from the outbox row. */
    public static final String OUTBOX = "outbox";
    /** Capability reports are periodic snapshots, sent directly rather than through the outbox. */
    public static final String CAPABILITIES_OUT = "backend-capabilities-out";

    public static final String SCHEDULER_COMMANDS_IN = "scheduler-commands-in";
    public static final String SCHEDULER_EVENTS_IN = "scheduler-events-in";
    public static final String VOLUME_COMMANDS_IN = "volume-commands-in";
    public static final String VOLUME_EVENTS_IN = "volume-events-in";
    public static final String CAPABILITIES_IN = "backend-capabilities-in";
    public static final String REPLICATION_COMMANDS_IN = "replication-commands-in";
    public static final String REPLICATION_EVENTS_IN = "replication-events-in";
    /** Heartbeats are periodic snapshots too, sent directly. */
    public static final String SERVICE_HEARTBEATS_OUT = "service-heartbeats-out";
    public static final String SERVICE_HEARTBEATS_IN = "service-heartbeats-in";
    public static final String SERVICE_EVENTS_IN = "service-events-in";

    private Channels() {
    }
}
