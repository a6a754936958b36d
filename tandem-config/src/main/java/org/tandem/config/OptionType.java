package org.tandem.config;

import java.util.List;
import java.util.Map;
import org.tandem.config.internal.ValueTypes;

/**
 * How the text of an option in a file becomes a Java value, following oslo.config's types.
 *
 * <p>Use the factories ({@link #string()}, {@link #integer(Integer, Integer)}, ...); other modules
 * should not need their own implementations.
 *
 * @param <T> the Java type of the value
 */
public interface OptionType<T> {

    /**
     * Converts the text of a value (already trimmed and unquoted by the parser).
     *
     * @return the value, or null when the type treats the text as "no value" (an empty number, as
     *         oslo.config does)
     * @throws IllegalArgumentException whose message says what was expected, in a form that reads
     *                                  after "expected ", for example {@code "an integer"}
     */
    T parse(String text);

    /** Renders a value the way it would be written in a file (the inverse of {@link #parse}). */
    String format(T value);

    /** A short description for the sample file, for example {@code "integer"}. */
    String description();

    /** Minimum allowed value (sample file), or null. */
    default Number min() {
        return null;
    }

    /** Maximum allowed value (sample file), or null. */
    default Number max() {
        return null;
    }

    /** True for repeatable options: every occurrence of the key in every file is collected. */
    default boolean multiValued() {
        return false;
    }

    /** Any text, kept as written. */
    static OptionType<String> string() {
        return ValueTypes.STRING;
    }

    /** A whole number (32-bit); an empty value means "no value". */
    static OptionType<Integer> integer() {
        return ValueTypes.integer(null, null);
    }

    /** A whole number within {@code [min, max]}; either bound may be null. */
    static OptionType<Integer> integer(Integer min, Integer max) {
        return ValueTypes.integer(min, max);
    }

    /** A decimal number; an empty value means "no value". */
    static OptionType<Double> floating() {
        return ValueTypes.floating(null, null);
    }

    /** A decimal number within {@code [min, max]}; either bound may be null. */
    static OptionType<Double> floating(Double min, Double max) {
        return ValueTypes.floating(min, max);
    }

    /** true/false, yes/no, on/off, 1/0 in any letter case. */
    static OptionType<Boolean> bool() {
        return ValueTypes.BOOLEAN;
    }

    /** A TCP/UDP port number, 0 to 65535. */
    static OptionType<Integer> port() {
        return ValueTypes.PORT;
    }

    /** Comma-separated strings, each trimmed; trailing commas are ignored; empty text is an empty list. */
    static OptionType<List<String>> list() {
        return ValueTypes.LIST;
    }

    /** A string that may be given several times (repeated keys, across files); values in file order. */
    static OptionType<List<String>> multiString() {
        return ValueTypes.MULTI_STRING;
    }

    /** {@code key1:value1,key2:value2}; keys must be unique and not empty. */
    static OptionType<Map<String, String>> dict() {
        return ValueTypes.DICT;
    }
}
