package org.tandem.version;

/** A version string that is not {@code MAJOR.MINOR} or {@code MAJOR.MINOR.REVISION}. */
public final class InvalidVersionException extends IllegalArgumentException {
    private final String text;

    public InvalidVersionException(String text, String reason) {
        super("Invalid version " + (text == null ? "<none>" : "'" + text + "'") + ": " + reason);
        this.text = text;
    }

    /** The text that failed to parse, or null. */
    public String text() {
        return text;
    }
}
