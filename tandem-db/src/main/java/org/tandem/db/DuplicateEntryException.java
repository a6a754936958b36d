package org.tandem.db;

import java.util.List;

/**
 * An insert or update hit a unique constraint (oslo.db's {@code DBDuplicateEntry}). The columns are
 * read from the constraint's name ({@code uniq_<table>0<col>0<col>...}) when the database reports it.
 */
public final class DuplicateEntryException extends DbException {
    private final String table;
    private final List<String> columns;

    public DuplicateEntryException(String table, List<String> columns, String detail, Throwable cause) {
        super("Duplicate entry in " + table + (columns.isEmpty() ? "" : " for " + String.join(", ", columns))
                + ": " + detail, cause);
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }
}
