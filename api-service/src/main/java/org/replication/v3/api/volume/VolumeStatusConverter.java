package org.replication.v3.api.volume;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores statuses as Cinder spells them, so that the table reads like Cinder's. */
@Converter
public class VolumeStatusConverter extends SpecValueConverter<VolumeStatus> {

    public VolumeStatusConverter() {
        super(VolumeStatus.class);
    }
}
