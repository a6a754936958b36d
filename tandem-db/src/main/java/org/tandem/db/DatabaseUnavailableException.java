package org.tandem.db;

/** The database could not be reached or refused the login. */
public final class DatabaseUnavailableException extends DbException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
