package org.replication.v3.api.volume;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores attach statuses as Cinder spells them. */
@Converter
public class AttachStatusConverter extends SpecValueConverter<AttachStatus> {

    public AttachStatusConverter() {
        super(AttachStatus.class);
    }
}
