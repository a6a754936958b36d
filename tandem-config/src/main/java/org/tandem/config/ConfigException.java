package org.tandem.config;

import java.util.List;

/**
 * The configuration cannot be used: a file is missing or malformed, a value has the wrong type, or
 * a required option has no value. The message names the file, line and {@code [group] option}
 * and says what is expected, e.g.
 * {@code /etc/nova/nova.conf:12: [DEFAULT] report_interval = "ten": expected an integer >= 1}.
 * When several values are wrong they are reported together: {@link #problems()} lists each one.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final transient List<ConfigException> problems;

    public ConfigException(String message) {
        this(message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.source = null;
        this.line = 0;
        this.problems = List.of(this);
    }

    /** A problem at a place in a file; the message becomes {@code source:line: detail}. */
    public ConfigException(String source, int line, String detail) {
        this(source, line, detail, null);
    }

    /** A problem at a place in a file, with its cause. */
    public ConfigException(String source, int line, String detail, Throwable cause) {
        super(source + ":" + line + ": " + detail, cause);
        this.source = source;
        this.line = line;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> problems) {
        super(problems.size() + " configuration problems:\n  " + String.join("\n  ",
                problems.stream().map(Throwable::getMessage).toList()));
        this.source = null;
        this.line = 0;
        this.problems = List.copyOf(problems);
    }

    /** One exception for one problem, or one listing all of them. */
    static ConfigException of(List<ConfigException> problems) {
        return problems.size() == 1 ? problems.get(0) : new ConfigException(problems);
    }

    /** The file (or other source) the problem is in, or null when it is not about one place. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem in {@link #source()}, or 0. */
    public int line() {
        return line;
    }

    /** The individual problems: this exception itself, or each of the problems it groups. */
    public List<ConfigException> problems() {
        return problems;
    }
}
