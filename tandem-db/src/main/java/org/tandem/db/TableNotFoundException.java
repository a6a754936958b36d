package org.tandem.db;

/**
 * A statement named a table the embedded H2 database did not have at that moment. H2 adds a column
 * by building a copy of the table and renaming it, so while {@code nova-manage db sync} runs online
 * a statement can fall between the two; such a statement is tried again for a short while (see
 * {@link Jdbc}). When the table stays missing, the schema is not what this code expects.
 */
public final class TableNotFoundException extends DbException {
    public TableNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
