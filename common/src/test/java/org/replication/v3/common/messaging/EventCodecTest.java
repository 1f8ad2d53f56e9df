package org.replication.v3.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.ScheduleVolumeCreate;

class EventCodecTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventCodec codec = new EventCodec(mapper, "api-service",
            Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void anEventSurvivesTheWireWithItsCloudEventsAttributes() {
        var command = new ScheduleVolumeCreate("vol-1", "proj", "user", 3, "type-1", "gold",
                Map.of("replication_enabled", "<is> True"), "nova", null);

        EventEnvelope decoded = codec.decode(codec.encode(codec.wrap(command)));

        assertThat(decoded.specversion()).isEqualTo("1.0");
        assertThat(decoded.type()).isEqualTo("scheduler.schedule-volume-create.v1");
        assertThat(decoded.subject()).isEqualTo("vol-1");
        assertThat(decoded.source()).isEqualTo("api-service");
        assertThat(decoded.time()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(codec.data(decoded, ScheduleVolumeCreate.class)).isEqualTo(command);
    }

    @Test
    void theEnvelopeDoesNotLeakTheRecordsAccessorsIntoTheData() {
        var json = codec.encode(codec.wrap(new ScheduleVolumeCreate("vol-1", "p", "u", 1, null, null, Map.of(), null, null)));

        assertThat(json).doesNotContain("eventType").contains("\"subject\":\"vol-1\"");
    }

    @Test
    void aPlacementFromAProducerThatPredatesGroupSpecsReadsAsNoGroupSpecs() {
        String before = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"volume.create.v1\","
                + "\"source\":\"scheduler-service\",\"subject\":\"vol-1\",\"data\":{\"volumeId\":\"vol-1\","
                + "\"projectId\":\"p\",\"size\":1,\"host\":\"node1@fast#pool-a\",\"volumeTypeId\":\"t\","
                + "\"extraSpecs\":{},\"groupId\":\"g-1\"}}";

        CreateVolumeOnBackend read = codec.data(codec.decode(before), CreateVolumeOnBackend.class);

        assertThat(read.groupId()).isEqualTo("g-1");
        assertThat(read.groupSpecs()).isEmpty();
    }

    @Test
    void aRecordThatIsNotACloudEventIsRefusedWithAReason() {
        assertThatThrownBy(() -> codec.decode("{not json")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a CloudEvents JSON document");
        assertThatThrownBy(() -> codec.decode("{\"id\":\"x\"}")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("without id, type or data");
    }
}
