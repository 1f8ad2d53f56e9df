package org.replication.v3.api.group;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.List;

/** Stores a list of ids as comma-separated text: ids hold no commas, and the reactive JSON mapping reads no arrays. */
@Converter
public class IdListConverter implements AttributeConverter<List<String>, String> {

    private static final String SEPARATOR = ",";

    @Override
    public String convertToDatabaseColumn(List<String> ids) {
        return ids == null ? null : String.join(SEPARATOR, ids);
    }

    @Override
    public List<String> convertToEntityAttribute(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(text.split(SEPARATOR));
    }
}
