package org.tandem.db;

/** Base of every database error Tandem raises; messages never contain passwords. */
public class DbException extends RuntimeException {
    public DbException(String message) {
        super(message);
    }

    public DbException(String message, Throwable cause) {
        super(message, cause);
    }
}
