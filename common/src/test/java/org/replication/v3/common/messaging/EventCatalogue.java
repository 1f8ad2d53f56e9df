package org.replication.v3.common.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replication.v3.common.capability.BackendCapabilities;
import org.replication.v3.common.cinderservice.ServiceHeartbeat;
import org.replication.v3.common.cinderservice.ServiceStatusChanged;
import org.replication.v3.common.failover.FailoverRequested;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.common.failover.SwitchVolumes;
import org.replication.v3.common.failover.VolumesSwitched;
import org.replication.v3.common.group.ChangeGroupReplication;
import org.replication.v3.common.group.CreateGroupOnBackend;
import org.replication.v3.common.group.DeleteGroup;
import org.replication.v3.common.group.GroupCreateFailed;
import org.replication.v3.common.group.GroupCreated;
import org.replication.v3.common.group.GroupDeleteFailed;
import org.replication.v3.common.group.GroupDeleted;
import org.replication.v3.common.group.GroupMembershipChanged;
import org.replication.v3.common.group.GroupReplicationChanged;
import org.replication.v3.common.group.GroupSchedulingFailed;
import org.replication.v3.common.group.ScheduleGroupCreate;
import org.replication.v3.common.group.UpdateGroupOnBackend;
import org.replication.v3.common.replication.MediatorDecided;
import org.replication.v3.common.replication.MediatorDecidedV2;
import org.replication.v3.common.crosscloud.ExportReplicas;
import org.replication.v3.common.crosscloud.ImportReplicas;
import org.replication.v3.common.crosscloud.ReplicasExported;
import org.replication.v3.common.crosscloud.ReplicasImported;
import org.replication.v3.common.replication.ReplicationEnabled;
import org.replication.v3.common.replication.ReplicationLagChanged;
import org.replication.v3.common.replication.ReplicationLagChangedV2;
import org.replication.v3.common.replication.ReplicationLagSnapshot;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ExtendVolume;
import org.replication.v3.common.volume.ScheduleVolumeCreate;
import org.replication.v3.common.volume.VolumeAttached;
import org.replication.v3.common.volume.VolumeCreateFailed;
import org.replication.v3.common.volume.VolumeCreated;
import org.replication.v3.common.volume.VolumeDeleteFailed;
import org.replication.v3.common.volume.VolumeDeleted;
import org.replication.v3.common.volume.VolumeDetached;
import org.replication.v3.common.volume.VolumeExtendFailed;
import org.replication.v3.common.volume.VolumeExtended;
import org.replication.v3.common.volume.VolumeSchedulingFailed;
import org.replication.v3.common.volume.VolumeStatusReset;

/**
 * Generates docs/events/asyncapi.yaml, the AsyncAPI 3 catalogue for outside consumers, from the code: the payload
 * schemas are reflected from the records in {@link EventTypes#ALL} (components, enum values as Jackson
 * writes them, nested records, lists, maps, Instant as date-time), field descriptions come from the records'
 * Javadoc in this module's sources, topic names and partitions from common's microprofile-config.properties. What
 * the code of common cannot tell (which topic a type travels on, which services produce and consume it, each
 * consumer group) is the table below, read off the services' {@code outbox.add(...)} calls, emitters and consumers;
 * the generator refuses a type that is missing from it or a table entry that is not in {@link EventTypes#ALL}.
 */
final class EventCatalogue {

    static final Path FILE = Path.of("../docs/events/asyncapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "api-service";
    private static final String SCHEDULER = "scheduler-service";
    private static final String VOLUME = "volume-service";
    private static final String REPLICATION = "replication-service";
    private static final List<String> SERVICES = List.of(API, SCHEDULER, VOLUME, REPLICATION);

    /** Kafka's default log.retention.hours (168): no topic of the suite overrides it. */
    private static final long BROKER_DEFAULT_RETENTION_MS = 7L * 24 * 3600 * 1000;
    private static final String SCHEMAS = "#/components/schemas/";

    /** A topic: its property in TopicNames (the name is configuration), what it carries, and who reads it as which group. */
    record Topic(String channel, String property, boolean compacted, String description,
            Map<String, String> consumerGroups) {
    }

    /** Where one type travels, who writes it, who reads it (a consumer that reads and ignores a type is not one). */
    record Route(Class<? extends DomainEvent> type, String channel, List<String> producers, List<String> consumers) {
    }

    static final List<Topic> TOPICS = List.of(
            new Topic("schedulerCommands", "scheduler-commands", false,
                    "Requests to place a new volume or group on a pool. Keyed by the volume or group id.",
                    Map.of(SCHEDULER, "scheduler-service")),
            new Topic("schedulerEvents", "scheduler-events", false,
                    "Placements that failed: no backend can take the volume or group. Keyed by the volume or group id.",
                    Map.of(API, "api-service")),
            new Topic("volumeCommands", "volume-commands", false,
                    "Commands to the volume-service that hosts a backend: create, delete, extend, group changes and"
                            + " failover switches. Keyed by the volume or group id, or host@backend for switches."
                            + " Every volume-service instance reads the whole topic in its own group and skips"
                            + " records for backends it does not host.",
                    Map.of(VOLUME, "volume-service-${volume.host}")),
            new Topic("volumeEvents", "volume-events", false,
                    "What happened to volumes and groups: created, deleted, extended, attached, replication enabled,"
                            + " lag levels, mediator decisions, failover switch results. Keyed by the volume id"
                            + " (group events by the group id, switch results by host@backend).",
                    Map.of(API, "api-service", REPLICATION, "replication-service")),
            new Topic("backendCapabilities", "backend-capabilities", true,
                    "Each backend's periodic report of capacity, capabilities and replication targets. Compacted:"
                            + " the latest report per host@backend stays.",
                    Map.of(API, "api-service", SCHEDULER, "scheduler-service-${quarkus.uuid}",
                            REPLICATION, "replication-service")),
            new Topic("replicationCommands", "replication-commands", false,
                    "Failover, failback and reprotect requests. Keyed by the operation id.",
                    Map.of(REPLICATION, "replication-service")),
            new Topic("replicationEvents", "replication-events", false,
                    "Failover operations' state at every step. Keyed by the operation id.",
                    Map.of(API, "api-service")),
            new Topic("serviceHeartbeats", "service-heartbeats", true,
                    "Cinder services' heartbeats (cinder-volume per host@backend, cinder-scheduler). Compacted: the"
                            + " latest heartbeat per binary:host stays.",
                    Map.of(API, "api-service")),
            new Topic("serviceEvents", "service-events", true,
                    "What operators set on a service (disabled, frozen), as whole snapshots. Compacted: the latest"
                            + " per binary:host stays.",
                    Map.of(SCHEDULER, "scheduler-service-${quarkus.uuid}")));

    static final List<Route> ROUTES = List.of(
            route(ScheduleVolumeCreate.class, "schedulerCommands", List.of(API), List.of(SCHEDULER)),
            route(ScheduleGroupCreate.class, "schedulerCommands", List.of(API), List.of(SCHEDULER)),
            route(VolumeSchedulingFailed.class, "schedulerEvents", List.of(SCHEDULER), List.of(API)),
            route(GroupSchedulingFailed.class, "schedulerEvents", List.of(SCHEDULER), List.of(API)),
            route(CreateVolumeOnBackend.class, "volumeCommands", List.of(SCHEDULER), List.of(VOLUME)),
            route(DeleteVolume.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(ExtendVolume.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(CreateGroupOnBackend.class, "volumeCommands", List.of(SCHEDULER), List.of(VOLUME)),
            route(UpdateGroupOnBackend.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(DeleteGroup.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(ChangeGroupReplication.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(SwitchVolumes.class, "volumeCommands", List.of(REPLICATION), List.of(VOLUME)),
            route(VolumeCreated.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumeCreateFailed.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumeDeleted.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(VolumeDeleteFailed.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumeExtended.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumeExtendFailed.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumeAttached.class, "volumeEvents", List.of(API), List.of()),
            route(VolumeDetached.class, "volumeEvents", List.of(API), List.of()),
            route(VolumeStatusReset.class, "volumeEvents", List.of(API), List.of()),
            route(GroupCreated.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(GroupCreateFailed.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(GroupDeleted.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(GroupDeleteFailed.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(GroupReplicationChanged.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(GroupMembershipChanged.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(ReplicationEnabled.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(ReplicationLagChanged.class, "volumeEvents", List.of(VOLUME), List.of()),
            route(ReplicationLagChangedV2.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(ReplicationLagSnapshot.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(MediatorDecided.class, "volumeEvents", List.of(), List.of(REPLICATION)),
            route(MediatorDecidedV2.class, "volumeEvents", List.of(VOLUME), List.of(REPLICATION)),
            route(ExportReplicas.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(ReplicasExported.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(ImportReplicas.class, "volumeCommands", List.of(API), List.of(VOLUME)),
            route(ReplicasImported.class, "volumeEvents", List.of(VOLUME), List.of(API)),
            route(VolumesSwitched.class, "volumeEvents", List.of(VOLUME), List.of(API, REPLICATION)),
            route(BackendCapabilities.class, "backendCapabilities", List.of(VOLUME),
                    List.of(API, SCHEDULER, REPLICATION)),
            route(FailoverRequested.class, "replicationCommands", List.of(API), List.of(REPLICATION)),
            route(OperationChanged.class, "replicationEvents", List.of(REPLICATION), List.of(API)),
            route(ServiceHeartbeat.class, "serviceHeartbeats", List.of(VOLUME, SCHEDULER), List.of(API)),
            route(ServiceStatusChanged.class, "serviceEvents", List.of(API), List.of(SCHEDULER)));

    /** Types the services write straight to Kafka (periodic snapshots) rather than through the outbox. */
    private static final Set<Class<?>> DIRECT = Set.of(BackendCapabilities.class, ServiceHeartbeat.class);

    static final String DESCRIPTION = """
            Every topic of the replication control plane and every event and command type that travels on it, for
            teams that build on these events (dashboards, alerting, audit). How to subscribe, rebuild a volume's
            state and follow failovers: docs/events.md.

            Each Kafka record is one CloudEvents 1.0 event in structured mode: the record value is the JSON envelope
            (specversion, id, type, source, time, subject, datacontenttype, data), the record key is the envelope's
            subject (the resource id). The payload of each message below is that envelope; `data` is the schema named
            after the type. Records sent through the outbox also carry the Kafka headers content-type and ce_type.

            Versions: the type ends with its version (`.v1`). Within a version, fields are only ever added, and only
            optional ones: a consumer ignores fields it does not know, and a record from an older producer lacks the
            newer fields (they read as null, empty or false). Anything else (a field renamed, removed or changing
            meaning) is a new type `.v2`, published alongside. Ignore types you do not know.

            Field names are the Java record components' names, camelCase, while the REST API spells its fields in
            snake_case. The v1 events were published with these names before this catalogue existed: they are in the
            outbox rows and on the topics (which a consumer replays from the beginning), and the guarantee above
            says a v1 field never changes its name. Renaming them to snake_case would be a breaking change needing a
            .v2 of every type; enum values (statuses, actions, scopes) are already spelled as the REST API spells
            them.

            Properties: producers write every property of `data`, null when it has no value; a record written by a
            producer older than an optional property lacks it. Reference-typed properties may be null.

            Generated from the records in common by EventCatalogue (common's test tree); do not edit by hand.
            EventCatalogueTest fails when this file and the records differ; regenerate with
            ./mvnw -o -B -q -pl common test -Dtest=EventCatalogueTest -Devents.write=true""";

    /**
     * Types still published for their consumers but replaced by a newer version: what replaces each and the
     * release that stops publishing it (two minor releases after its successor's, as docs/events.md says).
     */
    static final Map<Class<? extends DomainEvent>, String> DEPRECATED = Map.of(ReplicationLagChanged.class,
            "replaced by " + ReplicationLagChangedV2.TYPE + " (which adds the breach level); published alongside it"
                    + " until release 0.3.0",
            MediatorDecided.class, "replaced by " + MediatorDecidedV2.TYPE + " (a decision per backend, up to 1,000"
                    + " volumes a record, with whether the mediator promoted the target); no longer published, still"
                    + " read by the replication-service from volume-services older than v2");

    private static Route route(Class<? extends DomainEvent> type, String channel, List<String> producers,
            List<String> consumers) {
        return new Route(type, channel, producers, consumers);
    }

    private final Properties config = new Properties();
    private final Map<String, Object> schemas = new TreeMap<>();

    private EventCatalogue() {
        try (InputStream in = EventCatalogue.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue as the checked-in file must read. */
    static String generate() {
        return CatalogueYaml.write(new EventCatalogue().tree());
    }

    private Map<String, Object> tree() {
        checkRoutesCoverEveryType();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("asyncapi", "3.0.0");
        root.put("info", map("title", "Replication control plane events", "version", "1",
                "description", DESCRIPTION));
        root.put("defaultContentType", EventEnvelope.CONTENT_TYPE);
        root.put("servers", map("local", map("host", "127.0.0.1:59092", "protocol", "kafka",
                "description", "The broker bin/suite starts (KAFKA_PORT); a deployment's is in KAFKA_BOOTSTRAP_SERVERS."
                        + " Topic names are configuration (topics.*, e.g. TOPICS_VOLUME_EVENTS); these are the"
                        + " defaults.")));
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        for (Topic topic : TOPICS) {
            channels.put(topic.channel(), channel(topic));
            channels.put(deadLetterChannel(topic), deadLetter(topic));
        }
        for (String service : SERVICES) {
            for (Topic topic : TOPICS) {
                addOperation(operations, service, "send", topic, r -> r.producers().contains(service));
            }
            for (Topic topic : TOPICS) {
                addOperation(operations, service, "receive", topic, r -> r.consumers().contains(service));
                if (topic.consumerGroups().containsKey(service)) {
                    operations.put(service + "-dead-letters-" + topic.channel(), map("action", "send",
                            "channel", ref("#/channels/" + deadLetterChannel(topic)),
                            "summary", service + " parks here the records of " + address(topic)
                                    + " it cannot read or apply after its retries",
                            "messages", List.of(ref("#/channels/" + deadLetterChannel(topic) + "/messages/deadLetter"))));
                }
            }
        }
        for (Route route : ROUTES) {
            messages.put(EventTypes.typeOf(route.type()), message(route));
        }
        messages.put("deadLetter", deadLetterMessage());
        schemas.put("CloudEvent", envelopeSchema());
        schemas.put("OutboxHeaders", outboxHeaders());
        schemas.put("DeadLetterHeaders", deadLetterHeaders());
        for (Route route : ROUTES) {
            schemas.put(dataSchemaName(route.type()), recordSchema(route.type()));
        }
        root.put("channels", channels);
        root.put("operations", operations);
        root.put("components", map("messages", messages, "schemas", schemas));
        return root;
    }

    private static void checkRoutesCoverEveryType() {
        List<Class<?>> routed = ROUTES.stream().<Class<?>>map(Route::type).toList();
        if (!new LinkedHashSet<>(routed).equals(new LinkedHashSet<>(EventTypes.ALL)) || routed.size() != EventTypes.ALL.size()) {
            List<Class<?>> missing = new ArrayList<>(EventTypes.ALL);
            missing.removeAll(routed);
            List<Class<?>> extra = new ArrayList<>(routed);
            extra.removeAll(EventTypes.ALL);
            throw new IllegalStateException("EventCatalogue.ROUTES must list each type of EventTypes.ALL once;"
                    + " missing: " + missing + ", not in EventTypes.ALL: " + extra);
        }
    }

    private String address(Topic topic) {
        String name = config.getProperty("topics." + topic.property());
        if (name == null) {
            throw new IllegalStateException("no topics." + topic.property() + " in common's microprofile-config.properties");
        }
        return name;
    }

    private static String deadLetterChannel(Topic topic) {
        return topic.channel() + "DeadLetters";
    }

    private Map<String, Object> channel(Topic topic) {
        Map<String, Object> messages = new LinkedHashMap<>();
        for (Route route : routesOn(topic)) {
            String type = EventTypes.typeOf(route.type());
            messages.put(type, ref("#/components/messages/" + type));
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("cleanup.policy", List.of(topic.compacted() ? "compact" : "delete"));
        if (!topic.compacted()) {
            configuration.put("retention.ms", BROKER_DEFAULT_RETENTION_MS);
        }
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", address(topic));
        channel.put("title", address(topic));
        channel.put("description", topic.description());
        channel.put("messages", messages);
        channel.put("bindings", map("kafka", map("topic", address(topic),
                "partitions", Integer.parseInt(config.getProperty("topics.partitions")),
                "replicas", Integer.parseInt(config.getProperty("topics.replication-factor")),
                "topicConfiguration", configuration, "bindingVersion", "0.5.0")));
        channel.put("x-key", "the CloudEvents subject: " + keys(topic));
        channel.put("x-retention", topic.compacted()
                ? "compacted: the latest record of each key is kept for good"
                : "the broker's default, 7 days (log.retention.hours); the suite sets none");
        channel.put("x-dead-letter-channel", ref("#/channels/" + deadLetterChannel(topic)));
        channel.put("x-consumer-groups", new TreeMap<>(topic.consumerGroups()));
        return channel;
    }

    private Map<String, Object> deadLetter(Topic topic) {
        String dlq = TopicNames.deadLetter(address(topic));
        return map("address", dlq, "title", dlq,
                "description", "Dead-letter topic of " + address(topic) + ": the records a consumer of it could not"
                        + " decode (not a CloudEvent, data that does not match its type), did not know (a type or"
                        + " version newer than the consumer) or could not apply after its retries. The record is"
                        + " copied unchanged (same key and value) with the reason in the dead-letter-* headers, to be"
                        + " replayed after a fix or an upgrade.",
                "messages", map("deadLetter", ref("#/components/messages/deadLetter")),
                "bindings", map("kafka", map("topic", dlq, "partitions", 1,
                        "replicas", Integer.parseInt(config.getProperty("topics.replication-factor")),
                        "topicConfiguration", map("cleanup.policy", List.of("delete"),
                                "retention.ms", BROKER_DEFAULT_RETENTION_MS),
                        "bindingVersion", "0.5.0")),
                "x-source-channel", ref("#/channels/" + topic.channel()));
    }

    private String keys(Topic topic) {
        return String.join(", ", routesOn(topic).stream().map(r -> keyOf(r.type())).distinct().toList());
    }

    private static List<Route> routesOn(Topic topic) {
        return ROUTES.stream().filter(r -> r.channel().equals(topic.channel())).toList();
    }

    private void addOperation(Map<String, Object> operations, String service, String action, Topic topic,
            java.util.function.Predicate<Route> which) {
        List<Object> messages = routesOn(topic).stream().filter(which)
                .<Object>map(r -> ref("#/channels/" + topic.channel() + "/messages/" + EventTypes.typeOf(r.type())))
                .toList();
        if (messages.isEmpty()) {
            return;
        }
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("action", action);
        operation.put("channel", ref("#/channels/" + topic.channel()));
        operation.put("summary", service + (action.equals("send") ? " publishes on " : " consumes from ")
                + address(topic));
        operation.put("messages", messages);
        if (action.equals("receive")) {
            operation.put("bindings", map("kafka", map("groupId",
                    map("type", "string", "const", topic.consumerGroups().get(service)), "bindingVersion", "0.5.0")));
        }
        operations.put(service + "-" + action + "s-" + topic.channel(), operation);
    }

    private Map<String, Object> message(Route route) {
        String type = EventTypes.typeOf(route.type());
        Doc doc = Doc.of(route.type());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", type);
        message.put("title", route.type().getSimpleName());
        if (doc.summary() != null) {
            message.put("summary", doc.summary());
        }
        message.put("contentType", EventEnvelope.CONTENT_TYPE);
        if (!DIRECT.contains(route.type())) {
            message.put("headers", ref(SCHEMAS + "OutboxHeaders"));
        }
        message.put("payload", map("allOf", List.of(ref(SCHEMAS + "CloudEvent"), map("type", "object",
                "properties", map(
                        "type", map("const", type),
                        "source", map("enum", route.producers()),
                        "subject", map("description", keyOf(route.type())),
                        "data", ref(SCHEMAS + dataSchemaName(route.type())))))));
        message.put("bindings", map("kafka", map("key", map("type", "string", "description",
                keyOf(route.type()) + ", the same as the CloudEvents subject"), "bindingVersion", "0.5.0")));
        message.put("x-java-class", route.type().getName());
        message.put("x-producers", route.producers());
        message.put("x-consumers", route.consumers());
        if (DEPRECATED.containsKey(route.type())) {
            message.put("x-deprecated", DEPRECATED.get(route.type()));
        }
        return message;
    }

    private static Map<String, Object> deadLetterMessage() {
        return map("name", "deadLetter", "title", "A record a consumer gave up on",
                "summary", "The original record, unchanged: any message of the source topic, or bytes that are not"
                        + " one.",
                "headers", ref(SCHEMAS + "DeadLetterHeaders"),
                "payload", map("description", "The original record value (usually a CloudEvent of the source topic)."));
    }

    /** What the record's subject() returns, read from its source: the record key. */
    private static String keyOf(Class<?> type) {
        Matcher matcher = Pattern.compile("String subject\\(\\)\\s*\\{\\s*return ([^;]+);").matcher(Doc.source(type));
        if (!matcher.find()) {
            throw new IllegalStateException(type.getName() + ": subject() not found in its source");
        }
        String expression = matcher.group(1).trim();
        if (expression.equals("ServiceBinary.key(binary, host)")) {
            return "binary:host (e.g. cinder-volume:node1@fast)";
        }
        return expression.matches("\\w+") ? "data." + expression : expression;
    }

    private static Map<String, Object> envelopeSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("specversion", map("type", "string", "const", EventEnvelope.SPEC_VERSION));
        properties.put("id", map("type", "string", "description",
                "Unique per event (a UUID); a redelivered record has the same id: deduplicate on it."));
        properties.put("type", map("type", "string", "description", "The versioned event type, e.g. volume.created.v1."));
        properties.put("source", map("type", "string", "description",
                "The producing service (its quarkus.application.name)."));
        properties.put("time", map("type", "string", "format", "date-time", "description",
                "When the producer wrapped the event (UTC, ISO-8601)."));
        properties.put("subject", map("type", "string", "description",
                "The id of the resource the event is about; equals the Kafka record key."));
        properties.put("datacontenttype", map("type", "string", "const", "application/json"));
        properties.put("data", map("type", "object", "description", "The event's payload, by type."));
        return map("type", "object",
                "description", "CloudEvents 1.0, structured JSON mode: the whole Kafka record value. Unknown"
                        + " attributes (CloudEvents extensions) may appear and are ignored.",
                "required", List.of("specversion", "id", "type", "source", "subject", "data"),
                "properties", properties);
    }

    private static Map<String, Object> outboxHeaders() {
        return map("type", "object", "description", "Kafka headers of a record relayed from a service's outbox.",
                "properties", map(
                        "content-type", map("type", "string", "const", EventEnvelope.CONTENT_TYPE),
                        "ce_type", map("type", "string", "description",
                                "The CloudEvents type, so a consumer can skip a record without parsing it.")));
    }

    private static Map<String, Object> deadLetterHeaders() {
        return map("type", "object", "description", "Kafka headers SmallRye's dead-letter strategy adds to the"
                        + " copied record.",
                "properties", map(
                        "dead-letter-reason", map("type", "string", "description", "Why the consumer gave up."),
                        "dead-letter-cause", map("type", "string", "description", "The underlying error, if any."),
                        "dead-letter-topic", map("type", "string", "description", "The source topic."),
                        "dead-letter-partition", map("type", "string", "description", "The source partition."),
                        "dead-letter-offset", map("type", "string", "description", "The source offset.")));
    }

    private static String dataSchemaName(Class<?> type) {
        String version = EventTypes.typeOf(type.asSubclass(DomainEvent.class));
        return type.getSimpleName() + version.substring(version.lastIndexOf('.') + 1).toUpperCase();
    }

    private static String nestedSchemaName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : nestedSchemaName(type.getEnclosingClass()) + type.getSimpleName();
    }

    /** The JSON Schema of a record as Jackson writes it: one property per component, in order. */
    private Map<String, Object> recordSchema(Class<?> type) {
        Doc doc = Doc.of(type);
        Map<String, Object> properties = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Map<String, Object> property = new LinkedHashMap<>(schema(component.getGenericType(), true));
            String description = doc.params().get(component.getName());
            if (description != null) {
                property.put("description", description);
            }
            properties.put(propertyName(type, component.getName()), property);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (doc.summary() != null) {
            schema.put("description", doc.summary());
        }
        schema.put("x-java-class", type.getName());
        schema.put("properties", properties);
        return schema;
    }

    /** A component's name as Jackson writes it: the portable replica document is snake_case, as Cinder's API. */
    private static String propertyName(Class<?> type, String component) {
        JsonNaming naming = type.getAnnotation(JsonNaming.class);
        return naming == null ? component : new PropertyNamingStrategies.SnakeCaseStrategy().translate(component);
    }

    private Map<String, Object> schema(Type type, boolean nullable) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                Map<String, Object> schema = map("type", typeName("array", nullable), "items",
                        schema(arguments[0], false));
                if (Set.class.isAssignableFrom(raw)) {
                    schema.put("uniqueItems", true);
                }
                return schema;
            }
            if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
                return map("type", typeName("object", nullable), "additionalProperties", schema(arguments[1], false));
            }
            throw new IllegalStateException("no JSON Schema for " + type);
        }
        Class<?> kind = (Class<?>) type;
        if (kind == int.class || kind == long.class) {
            return map("type", "integer", "format", kind == int.class ? "int32" : "int64");
        }
        if (kind == Integer.class || kind == Long.class) {
            return map("type", typeName("integer", nullable), "format", kind == Integer.class ? "int32" : "int64");
        }
        if (kind == double.class) {
            return map("type", "number", "format", "double");
        }
        if (kind == Double.class) {
            return map("type", typeName("number", nullable), "format", "double");
        }
        if (kind == boolean.class) {
            return map("type", "boolean");
        }
        if (kind == Boolean.class) {
            return map("type", typeName("boolean", nullable));
        }
        if (kind == String.class) {
            return map("type", typeName("string", nullable));
        }
        if (kind == Instant.class) {
            return map("type", typeName("string", nullable), "format", "date-time");
        }
        if (kind.isEnum()) {
            List<Object> values = new ArrayList<>(enumValues(kind));
            if (nullable) {
                values.add(null);
            }
            return map("type", typeName("string", nullable), "enum", values);
        }
        if (kind.isRecord()) {
            String name = nestedSchemaName(kind);
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());
                schemas.put(name, recordSchema(kind));
            }
            Map<String, Object> ref = ref(SCHEMAS + name);
            return nullable ? map("anyOf", List.of(ref, map("type", "null"))) : ref;
        }
        throw new IllegalStateException("no JSON Schema for " + type);
    }

    /** The values Jackson writes for an enum, in declaration order: asked of Jackson itself, so they cannot differ. */
    static List<String> enumValues(Class<?> kind) {
        List<String> values = new ArrayList<>();
        for (Object constant : kind.getEnumConstants()) {
            try {
                values.add(JSON.readValue(JSON.writeValueAsString(constant), String.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    private static Object typeName(String type, boolean nullable) {
        return nullable ? List.of(type, "null") : type;
    }

    private static Map<String, Object> ref(String target) {
        return map("$ref", target);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A type's Javadoc in this module's sources: the opening text and the {@code @param} lines. */
    record Doc(String summary, Map<String, String> params) {

        private static final Pattern TAG = Pattern.compile("@(\\w+)\\s+(\\w+)?\\s*");

        static Doc of(Class<?> type) {
            Matcher matcher = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public\\s+(?:static\\s+)?"
                    + "(?:record|enum|class)\\s+" + type.getSimpleName() + "\\b", Pattern.DOTALL).matcher(source(type));
            if (!matcher.find()) {
                return new Doc(null, Map.of());
            }
            String text = matcher.group(1).replaceAll("(?m)^\\s*\\* ?", "")
                    .replaceAll("\\{@link(?:plain)? (\\w+)#(\\w+)}", "$1.$2")
                    .replaceAll("\\{@(?:code|link|linkplain) ([^}]*)}", "$1")
                    .replace("<p>", "");
            // The leading space keeps a Javadoc that opens with @param from losing its first tag to split().
            String[] parts = (" " + text).split("(?=@\\w+\\s)");
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                Matcher tag = TAG.matcher(parts[i]);
                if (tag.lookingAt() && tag.group(1).equals("param")) {
                    params.put(tag.group(2), clean(parts[i].substring(tag.end())));
                }
            }
            String summary = clean(parts[0]);
            return new Doc(summary.isEmpty() ? null : summary, params);
        }

        static String source(Class<?> type) {
            Class<?> top = type;
            while (top.getEnclosingClass() != null) {
                top = top.getEnclosingClass();
            }
            try {
                return Files.readString(Path.of("src/main/java", top.getName().replace('.', '/') + ".java"));
            } catch (IOException e) {
                throw new UncheckedIOException("the catalogue is generated from common's sources: run it from common/",
                        e);
            }
        }

        private static String clean(String text) {
            return text.replaceAll("\\s+", " ").trim();
        }
    }
}
