package org.replication.v3.volume.replication;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores a work state in lower case, as the table's other values read. */
@Converter
public class SwitchWorkStateConverter extends SpecValueConverter<SwitchWorkState> {

    public SwitchWorkStateConverter() {
        super(SwitchWorkState.class);
    }
}
