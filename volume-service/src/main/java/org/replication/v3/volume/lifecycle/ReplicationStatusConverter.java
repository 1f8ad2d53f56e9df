package org.replication.v3.volume.lifecycle;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;
import org.replication.v3.common.replication.ReplicationStatus;

/** Stores a volume's replication_status as Cinder spells it. */
@Converter
public class ReplicationStatusConverter extends SpecValueConverter<ReplicationStatus> {

    public ReplicationStatusConverter() {
        super(ReplicationStatus.class);
    }
}
