package org.tandem.config.internal;

/**
 * One {@code key = value} found in a file.
 *
 * @param section the section name exactly as written between the brackets
 * @param key     the option name, trimmed
 * @param value   the value: trimmed, matching outer quotes removed, continuation lines joined by
 *                {@code \n}
 * @param line    the 1-based line number of the key
 */
public record Assignment(String section, String key, String value, int line) {
}
