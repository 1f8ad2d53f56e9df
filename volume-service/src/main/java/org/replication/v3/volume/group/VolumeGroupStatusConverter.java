package org.replication.v3.volume.group;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a group's status as Cinder spells it. */
@Converter
public class VolumeGroupStatusConverter extends SpecValueConverter<VolumeGroupStatus> {

    public VolumeGroupStatusConverter() {
        super(VolumeGroupStatus.class);
    }
}
