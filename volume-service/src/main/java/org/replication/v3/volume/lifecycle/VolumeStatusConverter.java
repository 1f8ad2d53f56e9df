package org.replication.v3.volume.lifecycle;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a volume's status as Cinder spells it. */
@Converter
public class VolumeStatusConverter extends SpecValueConverter<VolumeStatus> {

    public VolumeStatusConverter() {
        super(VolumeStatus.class);
    }
}
