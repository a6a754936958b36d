package org.tandem.version;

/** A release codename this build does not know. */
public final class UnknownReleaseException extends IllegalArgumentException {
    public UnknownReleaseException(String codename, String known) {
        super("Unknown release '" + codename + "'; this build knows: " + known);
    }
}
