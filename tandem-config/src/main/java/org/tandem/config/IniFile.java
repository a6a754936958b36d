package org.tandem.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tandem.config.internal.Assignment;
import org.tandem.config.internal.IniParser;
import org.tandem.config.internal.IniSyntaxException;

/**
 * The raw contents of one nova.conf-style file, untyped: section names exactly as written and
 * every value of every key in file order. Most code wants {@link Config}; this is for tools.
 */
public final class IniFile {
    /** One {@code key = value} with the line number of the key. */
    public record Entry(String section, String key, String value, int line) {
    }

    private final String source;
    private final List<String> sections;
    private final List<Entry> entries;

    private IniFile(String source, List<String> sections, List<Entry> entries) {
        this.source = source;
        this.sections = sections;
        this.entries = entries;
    }

    /**
     * Reads and parses a file (UTF-8).
     *
     * @throws ConfigException if the file is missing, unreadable or malformed (with file and line)
     */
    public static IniFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist; check the path"
                    + " given with --config-file", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e
                    + "; check its permissions", e);
        }
        return parse(file.toString(), text);
    }

    /** Parses text; {@code source} names it in error messages. */
    public static IniFile parse(String source, String text) {
        try {
            IniParser.Result r = IniParser.parse(text);
            List<Entry> entries = new ArrayList<>(r.assignments().size());
            for (Assignment a : r.assignments()) {
                entries.add(new Entry(a.section(), a.key(), a.value(), a.line()));
            }
            return new IniFile(source, r.sections(), List.copyOf(entries));
        } catch (IniSyntaxException e) {
            throw new ConfigException(source, e.line(), e.problem(), e);
        }
    }

    /** The file path or other name given when parsing. */
    public String source() {
        return source;
    }

    /** Section names as written, in order of first appearance (including empty sections). */
    public List<String> sections() {
        return sections;
    }

    /** Every assignment in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The distinct keys of a section (exact section name), in order of first appearance. */
    public Set<String> keys(String section) {
        Set<String> keys = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.section().equals(section)) {
                keys.add(e.key());
            }
        }
        return keys;
    }

    /** All values of a key in a section (exact section name), in file order; empty when absent. */
    public List<String> values(String section, String key) {
        List<String> values = new ArrayList<>();
        for (Entry e : entries) {
            if (e.section().equals(section) && e.key().equals(key)) {
                values.add(e.value());
            }
        }
        return values;
    }
}
