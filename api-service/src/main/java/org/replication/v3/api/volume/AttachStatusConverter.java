package org.replication.v3.api.volume;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores attach statuses as Cinder spells them. */
@Converter
public class AttachStatusConverter implements AttributeConverter<AttachStatus, String> {

    @Override
    public String convertToDatabaseColumn(AttachStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public AttachStatus convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        AttachStatus status = AttachStatus.fromValue(value);
        if (status == null) {
            throw new IllegalStateException("unknown attach status in the database: " + value);
        }
        return status;
    }
}
