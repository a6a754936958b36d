package org.tandem.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The loaded configuration of a process: an immutable, typed view of every registered option.
 *
 * <pre>{@code
 * Config config = Config.loader().configFile(Path.of("/etc/tandem/tandem.conf")).load();
 * int interval = config.get(CommonOptions.REPORT_INTERVAL);
 * }</pre>
 *
 * <p>A value comes from, in order of precedence: an override, the last file that sets it (for
 * repeatable options: every file), the option's default.
 */
public final class Config {
    /** A resolved value and where it came from ({@code file:line}, {@code default} or {@code override}). */
    record Value(Object value, String origin) {
    }

    private final OptionRegistry registry;
    private final List<Path> files;
    private final Map<String, Value> values;

    Config(OptionRegistry registry, List<Path> files, Map<String, Value> values) {
        this.registry = registry;
        this.files = files;
        this.values = values;
    }

    /** A loader using the installed options ({@link OptionRegistry#installed()}) unless told otherwise. */
    public static ConfigLoader loader() {
        return new ConfigLoader();
    }

    /** Defaults only (no files) for these options; handy in tests. */
    public static Config defaults(OptionRegistry registry) {
        return loader().registry(registry).load();
    }

    /**
     * The value of an option; null only when the option has no default and no file sets it (or a
     * file gives an empty value to a number option without default, as oslo.config allows). An
     * option with a non-null default never reads as null unless overridden with null.
     *
     * @throws ConfigException if the option is not registered in this configuration
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        return (T) entry(option).value();
    }

    /** Where the value came from: {@code file:line}, {@code default} or {@code override}. */
    public String origin(Option<?> option) {
        return entry(option).origin();
    }

    /** The value as text for logs and messages, {@code ****} for secret options that have a value. */
    public String display(Option<?> option) {
        return displayOf(option, entry(option).value());
    }

    /**
     * A copy of this configuration in which the option has this value.
     *
     * @throws ConfigException if the option is not registered or the value is not one of its choices
     */
    public <T> Config withOverride(Option<T> option, T value) {
        Config c = withOverrideUnchecked(option, value);
        c.checkRequired();
        return c;
    }

    /** The files that were read, in the order they were read. */
    public List<Path> files() {
        return files;
    }

    /** The options this configuration knows. */
    public OptionRegistry registry() {
        return registry;
    }

    /** Logs every option with its value (secrets masked) and origin at INFO, one line each. */
    public void logValues(Logger log) {
        log.info("Configuration read from {}", files.isEmpty() ? "(no files: defaults only)" : files);
        for (Option<?> o : registry.options()) {
            log.info("  {} = {} ({})", o.key(), display(o), origin(o));
        }
    }

    Config withOverrideUnchecked(Option<?> option, Object value) {
        entry(option);
        if (value != null && !option.choices().isEmpty() && !option.choices().contains(value)) {
            throw new ConfigException("override " + option.key() + " = " + displayOf(option, value)
                    + ": expected one of " + choicesText(option));
        }
        Map<String, Value> copy = new HashMap<>(values);
        copy.put(OptionRegistry.key(option.group(), option.name()), new Value(value, "override"));
        return new Config(registry, files, copy);
    }

    void checkRequired() {
        for (Option<?> o : registry.options()) {
            if (o.required() && entry(o).value() == null) {
                String where = files.isEmpty() ? "no config file was given"
                        : "none of " + files.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + " sets it";
                throw new ConfigException(o.key() + " is required but has no value (" + where
                        + "); add '" + o.name() + " = ...' under [" + o.group() + "]");
            }
        }
    }

    private Value entry(Option<?> option) {
        Objects.requireNonNull(option, "option");
        Value v = values.get(OptionRegistry.key(option.group(), option.name()));
        if (v == null || !registry.contains(option)) {
            throw new ConfigException("option " + option.key() + " is not registered in this"
                    + " configuration; list it in its module's OptionProvider (META-INF/services/"
                    + OptionProvider.class.getName() + ")");
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static String displayOf(Option<?> option, Object value) {
        if (value == null) {
            return "<None>";
        }
        if (option.secret()) {
            return "****";
        }
        return ((OptionType) option.type()).format(value);
    }

    /** The value as it would be written in a file, secret or not (for substitution). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String displayPlain(Option<?> option, Object value) {
        return ((OptionType) option.type()).format(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static String choicesText(Option<?> option) {
        OptionType type = option.type();
        return option.choices().stream().map(c -> type.format(c)).collect(Collectors.joining(", "));
    }
}
