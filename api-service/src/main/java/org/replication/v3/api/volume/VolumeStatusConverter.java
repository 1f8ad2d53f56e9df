package org.replication.v3.api.volume;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores statuses as Cinder spells them, so that the table reads like Cinder's. */
@Converter
public class VolumeStatusConverter implements AttributeConverter<VolumeStatus, String> {

    @Override
    public String convertToDatabaseColumn(VolumeStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public VolumeStatus convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        VolumeStatus status = VolumeStatus.fromValue(value);
        if (status == null) {
            throw new IllegalStateException("unknown volume status in the database: " + value);
        }
        return status;
    }
}
