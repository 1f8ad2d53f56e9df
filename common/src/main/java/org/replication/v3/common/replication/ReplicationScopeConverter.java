package org.replication.v3.common.replication;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a {@link ReplicationScope} as the API spells it. */
@Converter
public class ReplicationScopeConverter extends SpecValueConverter<ReplicationScope> {

    public ReplicationScopeConverter() {
        super(ReplicationScope.class);
    }
}
