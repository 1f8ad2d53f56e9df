package org.replication.v3.api.crosscloud;

import org.replication.v3.common.replication.SpecValue;

/** Where one volume of an export or an import stands. */
public enum ItemStatus implements SpecValue {
    PENDING("pending"),
    /** An export's volume: its document is in. */
    EXPORTED("exported"),
    /** An import's volume: available here. */
    IMPORTED("imported"),
    FAILED("failed");

    private final String value;

    ItemStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }
}
