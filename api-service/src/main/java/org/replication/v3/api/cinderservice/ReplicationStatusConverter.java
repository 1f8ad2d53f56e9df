package org.replication.v3.api.cinderservice;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;
import org.replication.v3.common.replication.ReplicationStatus;

/** Stores a service's {@link ReplicationStatus} as Cinder spells it. */
@Converter
public class ReplicationStatusConverter extends SpecValueConverter<ReplicationStatus> {

    public ReplicationStatusConverter() {
        super(ReplicationStatus.class);
    }
}
