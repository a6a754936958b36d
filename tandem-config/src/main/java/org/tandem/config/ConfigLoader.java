package org.tandem.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Config} the way oslo.config does: every {@code --config-file} in order, then the
 * {@code *.conf} files of every {@code --config-dir} sorted by name; a later file wins for
 * single-valued options, repeatable options collect values from all files. Overrides (for tests and
 * command-line flags such as {@code --release}) win over files.
 *
 * <p>{@link #load()} checks every value eagerly, so a bad value stops the service at start-up with
 * the file, line, option, value and what was expected. Options and groups the registry does not
 * know are logged once at WARNING and otherwise ignored, so a file written for an older or newer
 * release still loads.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(Config.class);

    private OptionRegistry registry;
    private final List<Path> files = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final Map<Option<?>, Object> overrides = new LinkedHashMap<>();

    ConfigLoader() {
    }

    /** Uses these options instead of {@link OptionRegistry#installed()}. */
    public ConfigLoader registry(OptionRegistry options) {
        this.registry = Objects.requireNonNull(options, "registry");
        return this;
    }

    /** Adds a {@code --config-file}; may be called repeatedly, later files win. */
    public ConfigLoader configFile(Path file) {
        files.add(Objects.requireNonNull(file, "file"));
        return this;
    }

    /** Adds several {@code --config-file}s in order. */
    public ConfigLoader configFiles(List<Path> paths) {
        paths.forEach(this::configFile);
        return this;
    }

    /** Adds a {@code --config-dir}: its {@code *.conf} files, sorted by name, are read after all files. */
    public ConfigLoader configDir(Path dir) {
        dirs.add(Objects.requireNonNull(dir, "dir"));
        return this;
    }

    /** Sets an option regardless of the files (the value is checked against the option's choices). */
    public <T> ConfigLoader override(Option<T> option, T value) {
        overrides.put(Objects.requireNonNull(option, "option"), value);
        return this;
    }

    /**
     * Reads, parses and checks everything.
     *
     * @throws ConfigException on a missing or malformed file, a bad value or a missing required option
     */
    public Config load() {
        OptionRegistry reg = registry != null ? registry : OptionRegistry.installed();
        List<Path> all = new ArrayList<>(files);
        for (Path dir : dirs) {
            all.addAll(confFilesIn(dir));
        }
        List<IniFile> parsed = new ArrayList<>();
        List<ConfigException> problems = new ArrayList<>();
        for (Path f : all) {
            try {
                parsed.add(IniFile.read(f));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        failIfAny(problems);
        Resolver resolver = new Resolver(reg, parsed);
        resolver.warnUnknown();
        Map<String, Config.Value> values = new HashMap<>();
        for (Option<?> o : reg.options()) {
            values.put(OptionRegistry.key(o.group(), o.name()), resolver.resolve(o));
        }
        failIfAny(resolver.problems);
        Config config = new Config(reg, List.copyOf(all), values);
        for (Map.Entry<Option<?>, Object> e : overrides.entrySet()) {
            config = config.withOverrideUnchecked(e.getKey(), e.getValue());
        }
        config.checkRequired();
        return config;
    }

    /** One problem is reported as is; several are reported together, one per line. */
    private static void failIfAny(List<ConfigException> problems) {
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
    }

    private static List<Path> confFilesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("config directory " + dir + " does not exist or is not a"
                    + " directory; check the path given with --config-dir");
        }
        TreeMap<String, Path> sorted = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    sorted.put(p.getFileName().toString(), p);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list config directory " + dir + ": " + e, e);
        }
        return new ArrayList<>(sorted.values());
    }

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$(?:(\\$)|([_a-zA-Z][._a-zA-Z0-9]*)|\\{([_a-zA-Z][._a-zA-Z0-9]*)\\}|)");

    /** Thrown inside substitution when an option's value depends on itself. */
    private static final class SubstitutionCycle extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Option<?> option;

        SubstitutionCycle(Option<?> option) {
            super(null, null, false, false);
            this.option = option;
        }
    }

    /** Looks values up in the parsed files with oslo.config's precedence rules. */
    private static final class Resolver {
        private final OptionRegistry registry;
        private final List<IniFile> files;
        /** Per file: normalized group, then key, then entries in file order. */
        private final List<Map<String, Map<String, List<IniFile.Entry>>>> index = new ArrayList<>();
        private final Set<String> deprecationsReported = new HashSet<>();
        private final Map<String, Config.Value> resolved = new HashMap<>();
        private final Set<String> inProgress = new HashSet<>();
        final List<ConfigException> problems = new ArrayList<>();

        Resolver(OptionRegistry registry, List<IniFile> files) {
            this.registry = registry;
            this.files = files;
            for (IniFile f : files) {
                Map<String, Map<String, List<IniFile.Entry>>> groups = new LinkedHashMap<>();
                for (IniFile.Entry e : f.entries()) {
                    groups.computeIfAbsent(Option.normalizeGroup(e.section()), g -> new LinkedHashMap<>())
                            .computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
                }
                index.add(groups);
            }
        }

        void warnUnknown() {
            Set<String> knownKeys = new HashSet<>();
            Set<String> knownGroups = new HashSet<>();
            for (Option<?> o : registry.options()) {
                knownKeys.add(OptionRegistry.key(o.group(), o.name()));
                knownGroups.add(Option.normalizeGroup(o.group()));
                for (Option.DeprecatedName d : o.deprecatedNames()) {
                    knownKeys.add(OptionRegistry.key(d.group(), d.name()));
                    knownGroups.add(Option.normalizeGroup(d.group()));
                }
            }
            Set<String> warned = new HashSet<>();
            for (int i = 0; i < files.size(); i++) {
                String source = files.get(i).source();
                for (Map.Entry<String, Map<String, List<IniFile.Entry>>> g : index.get(i).entrySet()) {
                    String group = g.getKey();
                    if (!knownGroups.contains(group)) {
                        if (warned.add("group\u0000" + group)) {
                            IniFile.Entry first = g.getValue().values().iterator().next().get(0);
                            LOG.warn("Ignoring unknown group [{}] in {} (first at line {}, options {});"
                                    + " this release does not use it, remove it when convenient",
                                    first.section(), source, first.line(), g.getValue().keySet());
                        }
                        continue;
                    }
                    for (Map.Entry<String, List<IniFile.Entry>> k : g.getValue().entrySet()) {
                        String key = OptionRegistry.key(group, k.getKey());
                        if (!knownKeys.contains(key) && warned.add(key)) {
                            IniFile.Entry first = k.getValue().get(0);
                            LOG.warn("Ignoring unknown option [{}] {} in {}:{}; this release does"
                                    + " not use it, check the spelling or remove it when convenient",
                                    first.section(), first.key(), source, first.line());
                        }
                    }
                }
            }
        }

        /** Resolves an option once (memoized); a bad value is recorded and the default used meanwhile. */
        Config.Value resolve(Option<?> o) {
            String key = OptionRegistry.key(o.group(), o.name());
            Config.Value done = resolved.get(key);
            if (done != null) {
                return done;
            }
            if (!inProgress.add(key)) {
                throw new SubstitutionCycle(o);
            }
            Config.Value v;
            try {
                v = doResolve(o);
            } catch (ConfigException e) {
                problems.add(e);
                v = new Config.Value(o.defaultValue(), "default (the configured value is invalid)");
            } finally {
                inProgress.remove(key);
            }
            resolved.put(key, v);
            return v;
        }

        private <T> Config.Value doResolve(Option<T> o) {
            List<Option.DeprecatedName> names = new ArrayList<>();
            names.add(new Option.DeprecatedName(o.group(), o.name()));
            names.addAll(o.deprecatedNames());
            if (o.type().multiValued()) {
                return resolveMulti(o, names);
            }
            for (int i = files.size() - 1; i >= 0; i--) {
                for (Option.DeprecatedName n : names) {
                    List<IniFile.Entry> entries = lookup(i, n);
                    if (entries != null) {
                        reportDeprecated(o, n, i, entries.get(0));
                        IniFile.Entry last = entries.get(entries.size() - 1);
                        T value = convert(o, files.get(i).source(), last);
                        return new Config.Value(value, files.get(i).source() + ":" + last.line());
                    }
                }
            }
            return new Config.Value(o.defaultValue(), "default");
        }

        private <T> Config.Value resolveMulti(Option<T> o, List<Option.DeprecatedName> names) {
            // As oslo.config: newest file first, each name in turn, each found list goes in front.
            List<String> all = new ArrayList<>();
            String origin = null;
            for (int i = files.size() - 1; i >= 0; i--) {
                for (Option.DeprecatedName n : names) {
                    List<IniFile.Entry> entries = lookup(i, n);
                    if (entries != null) {
                        reportDeprecated(o, n, i, entries.get(0));
                        List<String> found = new ArrayList<>();
                        for (IniFile.Entry e : entries) {
                            found.add(substitute(o, files.get(i).source(), e));
                        }
                        all.addAll(0, found);
                        if (origin == null) {
                            origin = files.get(i).source() + ":" + entries.get(0).line();
                        }
                    }
                }
            }
            if (origin == null) {
                return new Config.Value(o.defaultValue(), "default");
            }
            return new Config.Value(List.copyOf(all), origin);
        }

        private List<IniFile.Entry> lookup(int file, Option.DeprecatedName n) {
            Map<String, List<IniFile.Entry>> group = index.get(file).get(Option.normalizeGroup(n.group()));
            return group == null ? null : group.get(n.name());
        }

        private void reportDeprecated(Option<?> o, Option.DeprecatedName used, int file, IniFile.Entry e) {
            if (used.group().equals(o.group()) && used.name().equals(o.name())) {
                return;
            }
            if (deprecationsReported.add(OptionRegistry.key(used.group(), used.name()))) {
                LOG.warn("Option [{}] {} in {}:{} is deprecated; it is read as {} for now, rename it"
                        + " to '{}' in group [{}] before the next upgrade",
                        e.section(), used.name(), files.get(file).source(), e.line(), o.key(),
                        o.name(), o.group());
            }
        }

        private <T> T convert(Option<T> o, String source, IniFile.Entry e) {
            String text = substitute(o, source, e);
            T value;
            try {
                value = o.type().parse(text);
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(source, e.line(), "[" + e.section() + "] "
                        + e.key() + " = " + show(o, e.value()) + ": expected " + ex.getMessage(), ex);
            }
            if (value == null && o.defaultValue() != null) {
                // oslo.config would silently turn this into None; a Java caller would then meet a null
                // where the default promised a value, so refuse it at start-up instead.
                throw new ConfigException(source, e.line(), "[" + e.section() + "] "
                        + e.key() + " = " + show(o, e.value()) + ": expected a value; delete the line"
                        + " to use the default " + Config.displayOf(o, o.defaultValue()));
            }
            checkChoices(o, source, e, value);
            return value;
        }

        private static void checkChoices(Option<?> o, String source, IniFile.Entry e, Object value) {
            if (value == null || o.choices().isEmpty()) {
                return;
            }
            if (!o.choices().contains(value)) {
                throw new ConfigException(source, e.line(), "[" + e.section() + "] "
                        + e.key() + " = " + show(o, e.value()) + ": expected one of "
                        + Config.choicesText(o));
            }
        }

        /**
         * Replaces {@code $name}, {@code ${name}} and {@code $group.name} with the value of that
         * option, as oslo.config does: a bare name is looked up in the option's own group, then in
         * {@code [DEFAULT]}; {@code $$} and {@code \$} stand for a literal {@code $}; a {@code $}
         * not followed by a name is kept.
         */
        private String substitute(Option<?> o, String source, IniFile.Entry e) {
            String raw = e.value();
            if (raw.indexOf('$') < 0) {
                return raw;
            }
            String text = raw.replace("\\$", "$$");
            StringBuilder out = new StringBuilder();
            Matcher m = PLACEHOLDER.matcher(text);
            int at = 0;
            while (m.find()) {
                out.append(text, at, m.start());
                at = m.end();
                if (m.group(1) != null) {
                    out.append('$');
                    continue;
                }
                String ref = m.group(2) != null ? m.group(2) : m.group(3);
                if (ref == null) {
                    out.append(m.group());
                    continue;
                }
                Option<?> target = findReference(o, ref);
                if (target == null) {
                    throw new ConfigException(source, e.line(), "[" + e.section() + "] "
                            + e.key() + " = " + show(o, raw) + ": $" + ref + " is not an option this"
                            + " release knows; write $$ for a literal dollar sign");
                }
                Config.Value v;
                try {
                    v = resolve(target);
                } catch (SubstitutionCycle cycle) {
                    throw new ConfigException(source, e.line(), "[" + e.section() + "] "
                            + e.key() + " = " + show(o, raw) + ": $" + ref + " leads back to "
                            + cycle.option.key() + " (a cycle of substitutions)");
                }
                out.append(v.value() == null ? "" : Config.displayPlain(target, v.value()));
            }
            out.append(text, at, text.length());
            return out.toString();
        }

        private Option<?> findReference(Option<?> from, String ref) {
            int dot = ref.indexOf('.');
            if (dot > 0) {
                Option<?> grouped = registry.find(ref.substring(0, dot), ref.substring(dot + 1)).orElse(null);
                if (grouped != null) {
                    return grouped;
                }
            }
            return registry.find(from.group(), ref)
                    .or(() -> registry.find(Option.DEFAULT_GROUP, ref)).orElse(null);
        }

        private static String show(Option<?> o, String raw) {
            if (o.secret()) {
                return "\"****\"";
            }
            return "\"" + raw.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + "\"";
        }
    }
}
