package org.tandem.db;

/** A paging marker names a row that does not exist (Nova's {@code MarkerNotFound}). */
public final class MarkerNotFoundException extends DbException {
    public MarkerNotFoundException(Object marker) {
        super("Marker " + marker + " could not be found.");
    }
}
