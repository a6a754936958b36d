package org.tandem.db;

/** {@code [database] connection} is malformed or names a database Tandem does not support. */
public final class InvalidConnectionUrlException extends DbException {
    public InvalidConnectionUrlException(String message) {
        super(message);
    }
}
