package org.replication.v3.api.group;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores group statuses as Cinder spells them. */
@Converter
public class GroupStatusConverter extends SpecValueConverter<GroupStatus> {

    public GroupStatusConverter() {
        super(GroupStatus.class);
    }
}
