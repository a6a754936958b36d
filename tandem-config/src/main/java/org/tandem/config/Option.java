package org.tandem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed configuration option: {@code [group] name}, its {@link OptionType}, default and help.
 *
 * <p>Declare options as {@code public static final} constants in the class that uses them, list
 * them in an {@link OptionProvider}, and read them with {@link Config#get(Option)}:
 *
 * <pre>{@code
 * public static final Option<Integer> REPORT_INTERVAL = Option.integer("DEFAULT", "report_interval")
 *         .defaultValue(10).help("Seconds between two heartbeats of a service.").build();
 * }</pre>
 *
 * <p>Group names other than {@code DEFAULT} are matched case-insensitively against files (as
 * oslo.config does); option names are case-sensitive.
 *
 * @param <T> the Java type of the value
 */
public final class Option<T> {
    /** The group of options that belong to no particular group. */
    public static final String DEFAULT_GROUP = "DEFAULT";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final String group;
    private final String name;
    private final OptionType<T> type;
    private final T defaultValue;
    private final String sampleDefault;
    private final String help;
    private final List<DeprecatedName> deprecatedNames;
    private final boolean required;
    private final boolean secret;
    private final List<T> choices;

    private Option(Builder<T> b) {
        this.group = b.group;
        this.name = b.name;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.sampleDefault = b.sampleDefault;
        this.help = b.help;
        this.deprecatedNames = List.copyOf(b.deprecatedNames);
        this.required = b.required;
        this.secret = b.secret;
        this.choices = b.choices == null ? List.of() : List.copyOf(b.choices);
    }

    /** A former name of an option, still read from files with a one-time warning. */
    public record DeprecatedName(String group, String name) {
        public DeprecatedName {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "[" + group + "] " + name;
        }
    }

    public static Builder<String> string(String group, String name) {
        return of(group, name, OptionType.string());
    }

    public static Builder<Integer> integer(String group, String name) {
        return of(group, name, OptionType.integer());
    }

    public static Builder<Double> floating(String group, String name) {
        return of(group, name, OptionType.floating());
    }

    public static Builder<Boolean> bool(String group, String name) {
        return of(group, name, OptionType.bool());
    }

    public static Builder<Integer> port(String group, String name) {
        return of(group, name, OptionType.port());
    }

    public static Builder<List<String>> list(String group, String name) {
        return of(group, name, OptionType.list());
    }

    public static Builder<List<String>> multiString(String group, String name) {
        return of(group, name, OptionType.multiString());
    }

    public static Builder<Map<String, String>> dict(String group, String name) {
        return of(group, name, OptionType.dict());
    }

    /** An option of any type, e.g. {@code Option.of("DEFAULT", "workers", OptionType.integer(1, null))}. */
    public static <T> Builder<T> of(String group, String name, OptionType<T> type) {
        return new Builder<>(group, name, type);
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    public OptionType<T> type() {
        return type;
    }

    /** The value used when no file sets the option; may be null. */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the sample file shows as default instead of the real one (e.g. for the host name), or null. */
    public String sampleDefault() {
        return sampleDefault;
    }

    public String help() {
        return help;
    }

    public List<DeprecatedName> deprecatedNames() {
        return deprecatedNames;
    }

    /** True when the service must not start unless this option has a value. */
    public boolean required() {
        return required;
    }

    /** True for passwords and URLs with credentials: values are masked in logs and messages. */
    public boolean secret() {
        return secret;
    }

    /** The allowed values, or an empty list when any value of the type is allowed. */
    public List<T> choices() {
        return choices;
    }

    /** {@code [group] name}, the form used in every message. */
    public String key() {
        return "[" + group + "] " + name;
    }

    /** The group name as matched against files: {@code DEFAULT} as is, every other group in lower case. */
    static String normalizeGroup(String group) {
        return DEFAULT_GROUP.equals(group) ? group : group.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key() + " (" + type.description() + ")";
    }

    /** Builds an {@link Option}; {@link #build()} checks that the default fits the type and choices. */
    public static final class Builder<T> {
        private final String group;
        private final String name;
        private final OptionType<T> type;
        private T defaultValue;
        private String sampleDefault;
        private String help = "";
        private final List<DeprecatedName> deprecatedNames = new ArrayList<>();
        private boolean required;
        private boolean secret;
        private List<T> choices;

        private Builder(String group, String name, OptionType<T> type) {
            this.group = Objects.requireNonNull(group, "group");
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            checkName("group", group);
            checkName("option name", name);
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** Text shown as the default in the sample file when the real default depends on the machine. */
        public Builder<T> sampleDefault(String text) {
            this.sampleDefault = text;
            return this;
        }

        public Builder<T> help(String text) {
            this.help = Objects.requireNonNull(text, "help");
            return this;
        }

        /** A former name in the same group. */
        public Builder<T> deprecatedName(String oldName) {
            return deprecatedName(group, oldName);
        }

        /** A former name and group (e.g. an option that moved out of {@code [DEFAULT]}). */
        public Builder<T> deprecatedName(String oldGroup, String oldName) {
            checkName("deprecated group", oldGroup);
            checkName("deprecated option name", oldName);
            deprecatedNames.add(new DeprecatedName(oldGroup, oldName));
            return this;
        }

        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        @SafeVarargs
        public final Builder<T> choices(T... allowed) {
            List<T> copy = new ArrayList<>(allowed.length);
            for (T value : allowed) {
                copy.add(Objects.requireNonNull(value, "choice"));
            }
            this.choices = copy;
            return this;
        }

        public Option<T> build() {
            if (choices != null && type.multiValued()) {
                throw new IllegalArgumentException(group + "/" + name
                        + ": a repeatable option cannot have choices");
            }
            if (choices != null && choices.isEmpty()) {
                throw new IllegalArgumentException(group + "/" + name + ": choices must not be empty");
            }
            if (defaultValue != null) {
                try {
                    type.parse(type.format(defaultValue));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("[" + group + "] " + name + ": default "
                            + type.format(defaultValue) + " is not " + e.getMessage(), e);
                }
                if (choices != null && !choices.contains(defaultValue)) {
                    throw new IllegalArgumentException("[" + group + "] " + name + ": default "
                            + defaultValue + " is not one of the choices " + choices);
                }
            }
            return new Option<>(this);
        }

        private static void checkName(String what, String value) {
            if (!NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("invalid " + what + " '" + value
                        + "': use letters, digits, '_', '.' or '-'");
            }
        }
    }
}
