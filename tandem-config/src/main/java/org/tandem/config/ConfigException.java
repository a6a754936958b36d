package org.tandem.config;

/**
 * The configuration cannot be used: a file is missing or malformed, a value has the wrong type, or
 * a required option has no value. The message names the file, line and {@code [group] option}
 * and says what is expected.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
