package org.replication.v3.volume.lifecycle;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;
import org.replication.v3.common.replication.ReplicationLagLevel;

/** Stores the last published lag level as the events spell it. */
@Converter
public class ReplicationLagLevelConverter extends SpecValueConverter<ReplicationLagLevel> {

    public ReplicationLagLevelConverter() {
        super(ReplicationLagLevel.class);
    }
}
