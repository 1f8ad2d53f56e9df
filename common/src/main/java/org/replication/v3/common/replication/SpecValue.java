package org.replication.v3.common.replication;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum constant's spelling in extra specs, capability reports, events, database columns and API bodies: by
 * default its name in lower case ({@code COMPLETED_WITH_ERRORS} is {@code completed_with_errors}); an enum that
 * Cinder spells otherwise says so by overriding {@link #value()}. Jackson writes and reads the spelling.
 */
public interface SpecValue {

    @JsonValue
    default String value() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

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
