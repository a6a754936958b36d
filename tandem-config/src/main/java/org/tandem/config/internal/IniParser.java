package org.tandem.config.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses nova.conf-style INI text following oslo.config's rules.
 *
 * <ul>
 *   <li>Only whole lines starting with {@code #} or {@code ;} are comments; a {@code #} inside a
 *       value belongs to the value.</li>
 *   <li>{@code [name]} starts a section; the name is kept exactly as written.</li>
 *   <li>An assignment is split at the first {@code =} or {@code :}, whichever comes first; key and
 *       value are trimmed and one pair of matching outer quotes ({@code "} or {@code '}) is
 *       removed from the value.</li>
 *   <li>A line starting with a space or tab continues the previous assignment; its text (left
 *       trimmed) is appended after a newline. A blank line or any unindented line ends it.</li>
 *   <li>Repeated keys are all kept, in file order.</li>
 * </ul>
 */
public final class IniParser {
    private IniParser() {
    }

    /** Parses {@code text}; returns every section name (in order of first appearance) and assignment. */
    public static Result parse(String text) throws IniSyntaxException {
        List<String> sections = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        String section = null;
        Pending pending = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            line = line.stripTrailing();
            if (line.isEmpty()) {
                pending = flush(pending, section, assignments);
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (pending == null) {
                    throw new IniSyntaxException(lineNo, "indented line " + quote(line)
                            + " does not continue any option; remove the indentation or put it"
                            + " directly under a 'key = value' line");
                }
                pending.value.append('\n').append(line.strip());
                continue;
            }
            pending = flush(pending, section, assignments);
            char first = line.charAt(0);
            if (first == '[') {
                if (!line.endsWith("]")) {
                    throw new IniSyntaxException(lineNo, "section header " + quote(line)
                            + " must end with ']'");
                }
                if (line.length() <= 2) {
                    throw new IniSyntaxException(lineNo, "empty section name '[]'");
                }
                section = line.substring(1, line.length() - 1);
                if (!sections.contains(section)) {
                    sections.add(section);
                }
            } else if (first == '#' || first == ';') {
                continue;
            } else {
                pending = splitKeyValue(line, lineNo);
            }
        }
        flush(pending, section, assignments);
        return new Result(List.copyOf(sections), List.copyOf(assignments));
    }

    private static Pending splitKeyValue(String line, int lineNo) throws IniSyntaxException {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        int at;
        if (eq < 0 && colon < 0) {
            throw new IniSyntaxException(lineNo, "no '=' or ':' in " + quote(line)
                    + "; write 'name = value', or start the line with '#' to make it a comment");
        } else if (colon < 0 || (eq >= 0 && eq < colon)) {
            at = eq;
        } else {
            at = colon;
        }
        String key = line.substring(0, at).strip();
        if (key.isEmpty()) {
            throw new IniSyntaxException(lineNo, "missing option name before '" + line.charAt(at)
                    + "' in " + quote(line));
        }
        String value = line.substring(at + 1).strip();
        if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            // oslo strips a matching pair, and turns a lone quote character into an empty value.
            value = value.length() == 1 ? "" : value.substring(1, value.length() - 1);
        }
        return new Pending(key, new StringBuilder(value), lineNo);
    }

    private static Pending flush(Pending pending, String section, List<Assignment> out)
            throws IniSyntaxException {
        if (pending != null) {
            if (section == null) {
                throw new IniSyntaxException(pending.line, "option '" + pending.key
                        + "' appears before any section header; add '[DEFAULT]' (or the right"
                        + " group) above it");
            }
            out.add(new Assignment(section, pending.key, pending.value.toString(), pending.line));
        }
        return null;
    }

    private static String quote(String line) {
        return "\"" + line.strip() + "\"";
    }

    private record Pending(String key, StringBuilder value, int line) {
    }

    /** What a file contained: section names in order of first appearance and all assignments. */
    public record Result(List<String> sections, List<Assignment> assignments) {
    }
}
