package org.replication.v3.common.replication;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum constant's spelling in extra specs, capability reports, events and API bodies. */
public interface SpecValue {

    String value();

    /** The constant spelled {@code value} exactly, as events and database columns hold it. */
    static <E extends Enum<E> & SpecValue> E parse(Class<E> kind, String value) {
        for (E constant : kind.getEnumConstants()) {
            if (constant.value().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of " + Arrays.stream(kind.getEnumConstants())
                .map(SpecValue::value).collect(Collectors.joining(", ")));
    }
}
