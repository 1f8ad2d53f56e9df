package org.replication.v3.api.crosscloud;

import jakarta.persistence.Converter;
import org.replication.v3.common.database.SpecValueConverter;

/** Stores export and import statuses as the API spells them. */
@Converter
public class TransferStatusConverter extends SpecValueConverter<TransferStatus> {

    public TransferStatusConverter() {
        super(TransferStatus.class);
    }
}
