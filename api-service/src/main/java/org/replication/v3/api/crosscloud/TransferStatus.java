package org.replication.v3.api.crosscloud;

import java.util.Arrays;
import org.replication.v3.common.replication.SpecValue;

/** Where an export or an import stands: running until every volume is settled, then how it ended. */
public enum TransferStatus implements SpecValue {
    RUNNING("running"),
    COMPLETED("completed"),
    /** Some volumes settled ok, some failed. */
    COMPLETED_WITH_ERRORS("completed_with_errors"),
    /** Every volume failed. */
    ERROR("error");

    private final String value;

    TransferStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static TransferStatus fromValue(String value) {
        return Arrays.stream(values()).filter(status -> status.value.equals(value)).findFirst().orElse(null);
    }

    /** The status once {@code done} of {@code total} volumes are settled, {@code failed} of them failed. */
    public static TransferStatus settled(int total, int done, int failed) {
        if (done < total) {
            return RUNNING;
        }
        return failed == 0 ? COMPLETED : failed == total ? ERROR : COMPLETED_WITH_ERRORS;
    }
}
