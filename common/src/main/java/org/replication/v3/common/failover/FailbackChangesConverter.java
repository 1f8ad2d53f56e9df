package org.replication.v3.common.failover;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a {@link FailbackChanges} as the API spells it. */
@Converter
public class FailbackChangesConverter extends SpecValueConverter<FailbackChanges> {

    public FailbackChangesConverter() {
        super(FailbackChanges.class);
    }
}
