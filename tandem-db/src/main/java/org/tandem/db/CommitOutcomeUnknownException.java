package org.tandem.db;

/**
 * A transaction's commit failed (the connection dropped while committing, as in a database
 * restart), so whether it took effect is unknown. It is not tried again here: the caller, who knows
 * what it meant to write, reads the data back before deciding.
 */
public final class CommitOutcomeUnknownException extends DbException {
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
