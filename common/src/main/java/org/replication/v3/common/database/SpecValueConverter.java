package org.replication.v3.common.database;

import jakarta.persistence.AttributeConverter;
import org.replication.v3.common.replication.SpecValue;

/**
 * Stores an enum column as its wire spelling (Cinder's, or the event's), so that tables read like the API and a
 * value nobody knows fails loudly instead of turning into null. Each enum gets a one-line {@code @Converter}
 * subclass, since JPA needs a concrete converter class.
 */
public abstract class SpecValueConverter<E extends Enum<E> & SpecValue> implements AttributeConverter<E, String> {

    private final Class<E> kind;

    protected SpecValueConverter(Class<E> kind) {
        this.kind = kind;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.value();
    }

    @Override
    public E convertToEntityAttribute(String value) {
        if (value == null) {
            return null;
        }
        try {
            return SpecValue.parse(kind, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unknown " + kind.getSimpleName() + " in the database: " + value, e);
        }
    }
}
