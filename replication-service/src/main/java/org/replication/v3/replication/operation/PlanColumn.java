package org.replication.v3.replication.operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.replication.v3.common.failover.OperationChanged;

/**
 * Stores an operation's plan as the JSON it is published as. A mapper of its own: the plan holds only strings,
 * numbers, a map and enums that declare their JSON spelling, so nothing of the application's mapper matters.
 */
@Converter
public class PlanColumn implements AttributeConverter<OperationChanged.Plan, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(OperationChanged.Plan plan) {
        try {
            return plan == null ? null : JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan always serializes", e);
        }
    }

    @Override
    public OperationChanged.Plan convertToEntityAttribute(String plan) {
        try {
            return plan == null ? null : JSON.readValue(plan, OperationChanged.Plan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan unreadable: " + plan, e);
        }
    }
}
