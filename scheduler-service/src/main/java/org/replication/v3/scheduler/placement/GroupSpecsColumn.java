package org.replication.v3.scheduler.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The group specs stored with a group's placement, as JSON text; groups placed before they were stored have none. */
@ApplicationScoped
public class GroupSpecsColumn {

    private static final TypeReference<Map<String, String>> SPECS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public GroupSpecsColumn(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Map<String, String> groupSpecs) {
        try {
            return mapper.writeValueAsString(groupSpecs == null ? Map.of() : groupSpecs);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("group specs cannot be serialized", e);
        }
    }

    public Map<String, String> read(GroupPlacement placement) {
        if (placement.groupSpecs == null) {
            return Map.of();
        }
        try {
            return mapper.readValue(placement.groupSpecs, SPECS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored group specs of group " + placement.groupId + " are unreadable", e);
        }
    }
}
