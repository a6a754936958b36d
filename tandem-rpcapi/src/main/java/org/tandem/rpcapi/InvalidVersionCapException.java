package org.tandem.rpcapi;

/** An {@code [upgrade_levels]} value that is neither a known alias nor a version: a startup error. */
public final class InvalidVersionCapException extends IllegalArgumentException {
    public InvalidVersionCapException(String message) {
        super(message);
    }
}
