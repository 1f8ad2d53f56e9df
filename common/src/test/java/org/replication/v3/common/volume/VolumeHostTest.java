package org.replication.v3.common.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VolumeHostTest {

    @Test
    void splitsCindersHostString() {
        VolumeHost host = VolumeHost.parse("node1@fast#pool-a");

        assertThat(host.host()).isEqualTo("node1");
        assertThat(host.backend()).isEqualTo("fast");
        assertThat(host.pool()).isEqualTo("pool-a");
        assertThat(host.backendHost()).isEqualTo("node1@fast");
        assertThat(host).hasToString("node1@fast#pool-a");
    }

    @Test
    void refusesAHostWithoutBackendOrPool() {
        for (String bad : new String[] {"node1", "node1@fast", "@fast#p", "node1@#p", "node1@fast#"}) {
            assertThatThrownBy(() -> VolumeHost.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
