package org.replication.v3.common.failover;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a {@link FailoverAction} as the API spells it. */
@Converter
public class FailoverActionConverter extends SpecValueConverter<FailoverAction> {

    public FailoverActionConverter() {
        super(FailoverAction.class);
    }
}
