package org.replication.v3.volume.driver.filearray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.driver.BackendStats;
import org.replication.v3.volume.driver.GroupSpec;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeSpec;

/** The driver against a real reference array process: each test on pools and volumes of its own. */
class FileArrayDriverTest {

    private static final long GIB = 1L << 30;

    private final ArrayClient array = TestArrays.client("fast");
    private final String p1 = TestArrays.unique("p1");
    private final String p2 = TestArrays.unique("p2");
    private final String v1 = TestArrays.unique("v1");
    private final String v2 = TestArrays.unique("v2");

    private long sizeOnArray(String id) throws Exception {
        return array.list(List.of(id)).stream().findFirst().map(v -> v.path("size_bytes").asLong()).orElse(-1L);
    }

    @Test
    void aVolumeIsCreatedOnTheArrayWithItsSizeAndPool() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 10L)));

        var update = driver.createVolume(new VolumeSpec(v1, 3, p1, Map.of()));

        assertThat(update.providerId()).isEqualTo(p1 + "/volume-" + v1);
        assertThat(sizeOnArray(v1)).isEqualTo(3 * GIB);
        assertThat(array.list(List.of(v1)).get(0).path("pool").asText()).isEqualTo(p1);
    }

    @Test
    void aGroupTakesNoCapacityAndComesAndGoesIdempotently() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 10L)));
        GroupSpec group = new GroupSpec(TestArrays.unique("g1"), p1, Map.of());

        driver.createGroup(group);
        driver.createGroup(group);

        assertThat(TestArrays.get(array.name(), "/v1/groups/" + group.id()).path("group").path("id").asText())
                .isEqualTo(group.id());
        assertThat(driver.stats().pools().get(0).allocatedCapacityGb()).isZero();
        assertThat(driver.stats().capabilities()).containsEntry("consistent_group_snapshot_enabled", "False");
        driver.deleteGroup(group);
        driver.deleteGroup(group);
        assertThat(TestArrays.get(array.name(), "/v1/groups/" + group.id()).has("itemNotFound")).isTrue();
        assertThatThrownBy(() -> driver.createGroup(new GroupSpec("g2", "nope", Map.of())))
                .isInstanceOf(VolumeDriverException.class);
    }

    @Test
    void creatingTheSameVolumeAgainIsHarmless() {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 4L)));
        driver.createVolume(new VolumeSpec(v1, 3, p1, Map.of()));

        var again = driver.createVolume(new VolumeSpec(v1, 3, p1, Map.of()));

        assertThat(again.providerId()).isEqualTo(p1 + "/volume-" + v1);
        assertThat(driver.stats().pools().get(0).allocatedCapacityGb()).isEqualTo(3.0);
    }

    @Test
    void extendGrowsTheVolumeAndIsHarmlessWhenRepeated() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 10L)));
        VolumeSpec volume = new VolumeSpec(v1, 1, p1, Map.of());
        driver.createVolume(volume);

        driver.extendVolume(volume, 4);
        driver.extendVolume(volume, 4);

        assertThat(sizeOnArray(v1)).isEqualTo(4 * GIB);
        assertThat(driver.stats().pools().get(0).allocatedCapacityGb()).isEqualTo(4.0);
    }

    @Test
    void extendCountsOnlyTheGrowthAgainstThePoolsFreeSpace() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 5L)));
        VolumeSpec volume = new VolumeSpec(v1, 3, p1, Map.of());
        driver.createVolume(volume);

        driver.extendVolume(volume, 5);
        assertThatThrownBy(() -> driver.extendVolume(volume, 6))
                .isInstanceOf(VolumeDriverException.class).hasMessageContaining("insufficient free space in pool " + p1);

        assertThat(sizeOnArray(v1)).isEqualTo(5 * GIB);
    }

    @Test
    void extendOfAVolumeThatIsNotThereFails() {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 5L)));

        assertThatThrownBy(() -> driver.extendVolume(new VolumeSpec("ghost", 1, p1, Map.of()), 2))
                .isInstanceOf(VolumeDriverException.class).hasMessageContaining("does not exist on array fast");
    }

    @Test
    void statsReportAllocatedAndFreeCapacityPerPool() {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 10L, p2, 5L)));
        driver.createVolume(new VolumeSpec(v1, 4, p1, Map.of()));

        BackendStats stats = driver.stats();

        var first = stats.pools().stream().filter(p -> p.name().equals(p1)).findFirst().orElseThrow();
        var second = stats.pools().stream().filter(p -> p.name().equals(p2)).findFirst().orElseThrow();
        assertThat(first.allocatedCapacityGb()).isEqualTo(4.0);
        assertThat(first.freeCapacityGb()).isEqualTo(6.0);
        assertThat(second.freeCapacityGb()).isEqualTo(5.0);
    }

    @Test
    void aVolumeLargerThanThePoolsFreeSpaceIsRefused() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 5L)));
        driver.createVolume(new VolumeSpec(v1, 4, p1, Map.of()));

        assertThatThrownBy(() -> driver.createVolume(new VolumeSpec(v2, 2, p1, Map.of())))
                .isInstanceOf(VolumeDriverException.class)
                .hasMessage("insufficient free space in pool " + p1 + ": 2 GiB requested, 1 GiB free");
        assertThat(sizeOnArray(v2)).isEqualTo(-1);
    }

    @Test
    void anUnknownPoolIsRefused() {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 5L)));

        assertThatThrownBy(() -> driver.createVolume(new VolumeSpec(v1, 1, "nope", Map.of())))
                .isInstanceOf(VolumeDriverException.class).hasMessageContaining("pool nope does not exist");
    }

    @Test
    void deletingRemovesTheVolumeAndDeletingAgainSucceeds() throws Exception {
        FileArrayDriver driver = new FileArrayDriver(array, backend(Map.of(p1, 5L)));
        driver.createVolume(new VolumeSpec(v1, 1, p1, Map.of()));

        driver.deleteVolume(new VolumeSpec(v1, 1, p1, Map.of()));
        driver.deleteVolume(new VolumeSpec(v1, 1, p1, Map.of()));

        assertThat(sizeOnArray(v1)).isEqualTo(-1);
        assertThat(driver.stats().pools().get(0).allocatedCapacityGb()).isZero();
    }

    static BackendsConfig.Backend backend(Map<String, Long> pools) {
        return new BackendsConfig.Backend() {
            @Override
            public String driver() {
                return FileArrayDriver.NAME;
            }

            @Override
            public String volumeBackendName() {
                return "test";
            }

            @Override
            public java.util.Optional<String> array() {
                return java.util.Optional.empty();
            }

            @Override
            public Map<String, BackendsConfig.Pool> pools() {
                Map<String, BackendsConfig.Pool> result = new java.util.HashMap<>();
                pools.forEach((name, capacity) -> result.put(name, () -> capacity));
                return result;
            }

            @Override
            public Duration createDelay() {
                return Duration.ZERO;
            }

            @Override
            public Duration switchDelay() {
                return Duration.ZERO;
            }

            @Override
            public Map<String, BackendsConfig.ReplicationDevice> replicationDevices() {
                return Map.of();
            }
        };
    }
}
