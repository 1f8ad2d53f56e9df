package org.replication.v3.volume.replication;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a work state in lower case, as the table's other values read. */
@Converter
public class SwitchWorkStateConverter implements AttributeConverter<SwitchWorkState, String> {

    @Override
    public String convertToDatabaseColumn(SwitchWorkState state) {
        return state == null ? null : state.value();
    }

    @Override
    public SwitchWorkState convertToEntityAttribute(String value) {
        return value == null ? null : SwitchWorkState.of(value);
    }
}
