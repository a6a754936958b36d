package org.tandem.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a commented sample file of every option in a registry, grouped ({@code [DEFAULT]} first,
 * then groups alphabetically; options in registration order). Each option gets its help wrapped
 * at 70 columns, type, bounds, choices, former names, and a commented-out {@code #name = default}
 * line, so the output parses as a valid file that sets nothing.
 */
public final class ConfigSample {
    /** Width of the comment lines, including the leading {@code "# "}. */
    public static final int WRAP_WIDTH = 70;

    private ConfigSample() {
    }

    /** The sample text for these options. */
    public static String render(OptionRegistry registry, String title) {
        Map<String, List<Option<?>>> groups = new LinkedHashMap<>();
        Map<String, List<Option<?>>> others = new TreeMap<>();
        groups.put(Option.DEFAULT_GROUP, new ArrayList<>());
        for (Option<?> o : registry.options()) {
            (o.group().equals(Option.DEFAULT_GROUP) ? groups : others)
                    .computeIfAbsent(o.group(), g -> new ArrayList<>()).add(o);
        }
        groups.putAll(others);
        StringBuilder out = new StringBuilder();
        for (String line : wrap(title)) {
            out.append(line).append('\n');
        }
        out.append("#\n");
        for (String line : wrap("Every option below is commented out and shows its default value."
                + " To change one, remove the leading '#' and edit the value.")) {
            out.append(line).append('\n');
        }
        for (Map.Entry<String, List<Option<?>>> g : groups.entrySet()) {
            out.append('\n').append('[').append(g.getKey()).append("]\n");
            for (Option<?> o : g.getValue()) {
                out.append('\n');
                appendOption(out, o);
            }
        }
        return out.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void appendOption(StringBuilder out, Option<?> o) {
        OptionType type = o.type();
        out.append("#\n");
        String help = o.help().isBlank() ? "" : o.help().strip() + " ";
        for (String paragraph : (help + "(" + type.description() + ")").split("\n", -1)) {
            for (String line : wrap(paragraph)) {
                out.append(line).append('\n');
            }
        }
        if (type.min() != null) {
            out.append("# Minimum value: ").append(type.min()).append('\n');
        }
        if (type.max() != null) {
            out.append("# Maximum value: ").append(type.max()).append('\n');
        }
        if (!o.choices().isEmpty()) {
            for (String line : wrap("Allowed values: " + Config.choicesText(o))) {
                out.append(line).append('\n');
            }
        }
        for (Option.DeprecatedName d : o.deprecatedNames()) {
            out.append("# Deprecated name: [").append(d.group()).append("] ").append(d.name()).append('\n');
        }
        if (o.required()) {
            out.append("# Required: services refuse to start without a value.\n");
        }
        if (o.secret()) {
            out.append("# Secret: the value is masked in logs.\n");
        }
        List<String> defaults = new ArrayList<>();
        if (o.sampleDefault() != null) {
            defaults.add(o.sampleDefault());
        } else if (o.defaultValue() == null) {
            defaults.add(type.multiValued() ? "" : "<None>");
        } else if (type.multiValued()) {
            List<String> list = (List<String>) o.defaultValue();
            if (list.isEmpty()) {
                defaults.add("");
            }
            for (String v : list) {
                defaults.add(OptionType.string().format(v));
            }
        } else {
            defaults.add(type.format(o.defaultValue()));
        }
        for (String d : defaults) {
            out.append('#').append(o.name()).append(" =");
            if (!d.isEmpty()) {
                out.append(' ').append(d.replace("\n", "\n#    "));
            }
            out.append('\n');
        }
    }

    /** Greedy word wrap into {@code "# "}-prefixed lines of at most {@link #WRAP_WIDTH} characters. */
    static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("#");
        for (String word : text.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 1 && line.length() + 1 + word.length() > WRAP_WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
