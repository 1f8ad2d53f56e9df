package org.replication.v3.common.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.replication.v3.common.replication.ReplicationScope;

/** The failback option on the wire: a message from a producer that predates it keeps the target's changes. */
class FailbackChangesTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void messagesWithoutTheOptionKeepTheTargetsChanges() throws Exception {
        FailoverRequested request = mapper.readValue("""
                {"operationId": "op-1", "action": "failback", "scope": "volume", "resources": ["v1"],
                 "force": false, "dryRun": false, "requestedBy": "admin", "automatic": false}""",
                FailoverRequested.class);
        SwitchVolumes command = mapper.readValue("""
                {"operationId": "op-1", "host": "node1@fast", "action": "failback", "force": false,
                 "volumeIds": ["v1"]}""", SwitchVolumes.class);
        VolumesSwitched.Result result = mapper.readValue("""
                {"volumeId": "v1", "replicationStatus": "enabled", "lostBytes": 0}""", VolumesSwitched.Result.class);

        assertThat(request.changes()).isEqualTo(FailbackChanges.KEEP);
        assertThat(command.changes()).isEqualTo(FailbackChanges.KEEP);
        assertThat(result.fencedBy()).isNull();
    }

    @Test
    void aDiscardAndAReprotectSurviveTheWire() throws Exception {
        FailoverRequested discard = new FailoverRequested("op-2", FailoverAction.FAILBACK, ReplicationScope.VOLUME,
                List.of("v1"), null, false, "drill over", false, "admin", false, FailbackChanges.DISCARD);
        SwitchVolumes reprotect = new SwitchVolumes("op-3", "node1@fast", FailoverAction.REPROTECT, "site-b", false,
                List.of("v1"), null, ReplicationScope.VOLUME, "v1");

        assertThat(mapper.readValue(mapper.writeValueAsString(discard), FailoverRequested.class)).isEqualTo(discard);
        assertThat(mapper.writeValueAsString(discard)).contains("\"changes\":\"discard\"");
        assertThat(mapper.readValue(mapper.writeValueAsString(reprotect), SwitchVolumes.class)).isEqualTo(reprotect);
        assertThatThrownBy(() -> FailbackChanges.of("maybe")).hasMessageContaining("not keep or discard");
    }
}
