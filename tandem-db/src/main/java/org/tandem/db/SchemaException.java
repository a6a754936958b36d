package org.tandem.db;

/** A schema sync or version query failed: bad target, downgrade, or a migration error. */
public final class SchemaException extends DbException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
