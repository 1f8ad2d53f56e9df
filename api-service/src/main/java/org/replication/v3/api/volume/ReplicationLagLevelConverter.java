package org.replication.v3.api.volume;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;
import org.replication.v3.common.replication.ReplicationLagLevel;

/** Stores a volume's replication lag level as the events spell it. */
@Converter
public class ReplicationLagLevelConverter extends SpecValueConverter<ReplicationLagLevel> {

    public ReplicationLagLevelConverter() {
        super(ReplicationLagLevel.class);
    }
}
