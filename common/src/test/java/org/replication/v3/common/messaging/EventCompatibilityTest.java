package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every event version ever published still decodes, and a consumer of a version ignores what a later revision
 * adds. The golden samples under src/test/resources/events/ (one CloudEvent per type, named after it) were written
 * once from the records of the day and are never rewritten: a record change that would break a consumer of the
 * published events fails here. A new type gets its sample once with {@code -Devents.samples.write=true}, which only
 * writes the samples that are missing.
 * <p>
 * A revision that adds optional fields to a published type gets a sample of its own, {@code <type>+<revision>.json}
 * ({@link PublishedEvents#revisions()}), with the added fields set; the type's first sample is left as published and
 * must still decode, its added fields null. The newest sample of a type sets every field.
 */
class EventCompatibilityTest {

    private static final Path SAMPLES = Path.of("src/test/resources/events");

    /** As Quarkus configures the services' ObjectMapper: unknown properties ignored, dates as ISO-8601 strings. */
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final EventCodec codec = new EventCodec(mapper, "replication-service",
            Clock.fixed(PublishedEvents.AT, ZoneOffset.UTC));
    private final Map<String, DomainEvent> published = PublishedEvents.all();
    private final Map<String, DomainEvent> revisions = PublishedEvents.revisions();

    @Test
    void everyTypeHasAGoldenSampleAndEverySampleIsAKnownType() throws IOException {
        if (Boolean.getBoolean("events.samples.write")) {
            writeMissingSamples();
        }
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<String> names = files.map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")).toList();
            assertThat(names.stream().filter(name -> !name.contains("+")))
                    .as("one sample per type in EventTypes.ALL; a published type stays decodable for good")
                    .containsExactlyInAnyOrderElementsOf(EventTypes.ALL.stream().map(EventTypes::typeOf).toList());
            assertThat(names.stream().filter(name -> name.contains("+")))
                    .as("one sample per revision in PublishedEvents.revisions()")
                    .containsExactlyInAnyOrderElementsOf(revisions.keySet());
        }
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(
                EventTypes.ALL.stream().map(EventTypes::typeOf).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyPublishedSampleDecodesIntoTheCurrentRecord() {
        return EventTypes.ALL.stream().map(kind -> dynamicTest(EventTypes.typeOf(kind), () -> {
            String type = EventTypes.typeOf(kind);
            EventEnvelope envelope = codec.decode(sample(type));

            assertThat(envelope.specversion()).isEqualTo("1.0");
            assertThat(envelope.type()).isEqualTo(type);
            assertThat(envelope.subject()).isEqualTo(published.get(type).subject());
            assertThat(envelope.time()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
            assertThat(codec.data(envelope, kind)).isEqualTo(published.get(type));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRevisionSampleDecodesIntoTheCurrentRecord() {
        return revisions.entrySet().stream().map(revision -> dynamicTest(revision.getKey(), () -> {
            EventEnvelope envelope = codec.decode(sample(revision.getKey()));

            assertThat(revision.getKey()).startsWith(envelope.type() + "+");
            assertThat(codec.data(envelope, revision.getValue().getClass())).isEqualTo(revision.getValue());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyOlderSampleHoldsOnlyFieldsTheRecordStillHas() {
        return revisions.keySet().stream().map(name -> dynamicTest(name, () -> {
            String type = name.substring(0, name.indexOf('+'));
            Class<? extends DomainEvent> kind = published.get(type).getClass();
            var data = mapper.readTree(sample(type)).get("data");

            assertThat(Stream.of(kind.getRecordComponents()).map(RecordComponent::getName).toList())
                    .as("a revision only adds fields")
                    .containsAll(iterable(data.fieldNames()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySampleSetsEveryField() {
        return EventTypes.ALL.stream().map(kind -> dynamicTest(EventTypes.typeOf(kind), () -> {
            var data = mapper.readTree(sample(newestSample(EventTypes.typeOf(kind)))).get("data");
            for (RecordComponent component : kind.getRecordComponents()) {
                assertThat(data.hasNonNull(component.getName()))
                        .as("%s sets %s, so that a rename of it fails the decoding check", kind.getSimpleName(),
                                component.getName())
                        .isTrue();
            }
            assertThat(iterable(data.fieldNames()))
                    .as("Jackson writes exactly the record's components, as the catalogue's schema lists them")
                    .containsExactly(Stream.of(kind.getRecordComponents()).map(RecordComponent::getName)
                            .toArray(String[]::new));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aConsumerOfAVersionIgnoresFieldsALaterRevisionAdds() {
        return EventTypes.ALL.stream().map(kind -> dynamicTest(EventTypes.typeOf(kind), () -> {
            String type = EventTypes.typeOf(kind);
            ObjectNode newer = (ObjectNode) mapper.readTree(sample(type));
            newer.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            newer.put("partitionkey", published.get(type).subject());
            ObjectNode data = (ObjectNode) newer.get("data");
            data.put("addedInALaterRevision", "a value this consumer has never heard of");
            data.putObject("nestedAddition").put("level", 3).putArray("items").add("x");

            EventEnvelope envelope = codec.decode(mapper.writeValueAsString(newer));

            assertThat(codec.data(envelope, kind)).isEqualTo(published.get(type));
        }));
    }

    @Test
    void aRecordEncodedTodayStillReadsAsItsPublishedSample() throws IOException {
        Map<String, DomainEvent> all = new java.util.LinkedHashMap<>(published);
        all.putAll(revisions);
        for (Map.Entry<String, DomainEvent> named : all.entrySet()) {
            DomainEvent event = named.getValue();
            var today = mapper.readTree(codec.encode(codec.wrap(event))).get("data");
            var sample = mapper.readTree(sample(named.getKey())).get("data");

            assertThat(mapper.treeToValue(today, event.getClass()))
                    .isEqualTo(mapper.treeToValue(sample, event.getClass()));
            assertThat(iterable(today.fieldNames()))
                    .as("%s writes the fields its published sample has, and only added ones", event.eventType())
                    .containsAll(iterable(sample.fieldNames()));
        }
    }

    /**
     * v1 consumers decode {@code level} into these three values: a fourth (breach) would fail every one of them.
     * The breach level is v2's; the volume-service publishes v1 with a breach below twice the RPO as {@code ok}.
     */
    @Test
    void theV1LagLevelsStayTheThreeItWasPublishedWith() throws IOException {
        assertThat(Stream.of(org.replication.v3.common.replication.ReplicationLagChanged.Level.values())
                .map(org.replication.v3.common.replication.SpecValue::value))
                .containsExactly("ok", "warning", "critical");
        assertThat(Stream.of(org.replication.v3.common.replication.ReplicationLagLevel.values())
                .map(org.replication.v3.common.replication.SpecValue::value))
                .containsExactly("ok", "breach", "warning", "critical");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    /** The type's last revision sample, or its first sample when it has none. */
    private String newestSample(String type) {
        return revisions.keySet().stream().filter(name -> name.startsWith(type + "+")).reduce((a, b) -> b)
                .orElse(type);
    }

    private static String sample(String type) throws IOException {
        return Files.readString(SAMPLES.resolve(type + ".json"));
    }

    /** Writes the sample of each type that has none; an existing sample is what was published, and stays. */
    private void writeMissingSamples() throws IOException {
        Files.createDirectories(SAMPLES);
        Map<String, String> producers = new java.util.HashMap<>();
        EventCatalogue.ROUTES.stream().filter(r -> !r.producers().isEmpty())
                .forEach(r -> producers.put(EventTypes.typeOf(r.type()), r.producers().get(0)));
        int n = 0;
        Map<String, DomainEvent> all = new java.util.LinkedHashMap<>(published);
        all.putAll(revisions);
        for (Map.Entry<String, DomainEvent> named : all.entrySet()) {
            DomainEvent event = named.getValue();
            Path file = SAMPLES.resolve(named.getKey() + ".json");
            n++;
            if (Files.exists(file)) {
                continue;
            }
            EventEnvelope wrapped = new EventCodec(mapper, producers.get(event.eventType()),
                    Clock.fixed(PublishedEvents.AT, ZoneOffset.UTC)).wrap(event);
            EventEnvelope fixedId = new EventEnvelope(wrapped.specversion(),
                    String.format("7c1e0d5a-9b2f-4e3a-8c6d-%012d", n), wrapped.type(), wrapped.source(),
                    wrapped.time(), wrapped.subject(), wrapped.datacontenttype(), wrapped.data());
            Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(fixedId) + "\n");
        }
    }
}
