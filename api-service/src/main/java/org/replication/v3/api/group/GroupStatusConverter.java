package org.replication.v3.api.group;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores group statuses as Cinder spells them. */
@Converter
public class GroupStatusConverter implements AttributeConverter<GroupStatus, String> {

    @Override
    public String convertToDatabaseColumn(GroupStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public GroupStatus convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        GroupStatus status = GroupStatus.fromValue(value);
        if (status == null) {
            throw new IllegalStateException("unknown group status in the database: " + value);
        }
        return status;
    }
}
