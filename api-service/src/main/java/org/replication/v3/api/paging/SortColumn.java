package org.replication.v3.api.paging;

/**
 * A column a list can be sorted by: its HQL expression and the value a marker row has in it. Nullable columns sort
 * through a non-null stand-in, so that marker pagination never skips or repeats a row.
 *
 * @param <E> the entity listed
 */
public interface SortColumn<E> {

    String expression();

    Object valueOf(E row);
}
