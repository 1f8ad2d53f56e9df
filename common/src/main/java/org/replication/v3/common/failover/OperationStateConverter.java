package org.replication.v3.common.failover;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores an {@link OperationState} as the API spells it. */
@Converter
public class OperationStateConverter extends SpecValueConverter<OperationState> {

    public OperationStateConverter() {
        super(OperationState.class);
    }
}
