package org.replication.v3.common.capability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtraSpecMatcherTest {

    private static final Map<String, String> CAPABILITIES = Map.of(
            "volume_backend_name", "fast",
            "replication_enabled", "False",
            "storage_protocol", "iSCSI",
            "max_iops", "5000");

    @Test
    void aTypeWithoutSpecsMatchesAnyBackend() {
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of(), CAPABILITIES)).isEmpty();
    }

    @Test
    void plainValuesCompareAsStrings() {
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("volume_backend_name", "fast"), CAPABILITIES)).isEmpty();
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("volume_backend_name", "slow"), CAPABILITIES))
                .contains("volume_backend_name=slow");
    }

    @Test
    void isComparesBooleansAsCinderDoes() {
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("replication_enabled", "<is> True"), CAPABILITIES))
                .contains("replication_enabled=<is> True");
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("replication_enabled", "<is> False"), CAPABILITIES)).isEmpty();
    }

    @Test
    void capabilitiesScopeIsStrippedAndOtherScopesAreNotPlacementCriteria() {
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("capabilities:storage_protocol", "<in> iSCSI"), CAPABILITIES))
                .isEmpty();
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("qos:read_iops", "100", "vendor:thing", "x"), CAPABILITIES))
                .isEmpty();
    }

    @Test
    void aCapabilityTheBackendDoesNotReportIsAMismatch() {
        assertThat(ExtraSpecMatcher.firstMismatch(Map.of("multiattach", "<is> True"), CAPABILITIES))
                .contains("multiattach=<is> True");
    }

    @Test
    void numericAndStringOperators() {
        assertThat(ExtraSpecMatcher.satisfies("5000", "= 4000")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("5000", ">= 6000")).isFalse();
        assertThat(ExtraSpecMatcher.satisfies("5000", "<= 6000")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("5000", "== 5000")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("5000", "!= 5000")).isFalse();
        assertThat(ExtraSpecMatcher.satisfies("iSCSI", "s== iSCSI")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("iSCSI", "<or> FC <or> iSCSI")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("NFS", "<or> FC <or> iSCSI")).isFalse();
        assertThat(ExtraSpecMatcher.satisfies("a b c", "<all-in> a c")).isTrue();
        assertThat(ExtraSpecMatcher.satisfies("text", "= 10")).isFalse();
    }
}
