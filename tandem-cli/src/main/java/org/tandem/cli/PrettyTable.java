package org.tandem.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ASCII tables OpenStack's commands print (Python prettytable's default look): {@code +---+}
 * rules, one space of padding, cells centred unless the table is left-aligned, multi-line cells,
 * and optionally a rule between every two rows. Operators' scripts parse these, so the layout is
 * exact: when centring leaves an odd number of spaces, the extra one goes right of odd-length
 * text and left of even-length text.
 */
final class PrettyTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean leftAligned;
    private boolean ruleBetweenRows;

    PrettyTable(String... header) {
        this.header = List.of(header);
    }

    /** Aligns every cell, header included, to the left. */
    PrettyTable alignLeft() {
        this.leftAligned = true;
        return this;
    }

    /** Draws a rule between every two rows. */
    PrettyTable ruleBetweenRows() {
        this.ruleBetweenRows = true;
        return this;
    }

    PrettyTable addRow(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + header.size());
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    String render() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(header.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder(rule).append(nl);
        appendRow(out, header, widths);
        out.append(rule).append(nl);
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (ruleBetweenRows || r == rows.size() - 1) {
                out.append(rule).append(nl);
            }
        }
        return out.toString();
    }

    private void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        List<String[]> lines = cells.stream().map(c -> c.split("\n", -1)).toList();
        int height = lines.stream().mapToInt(l -> l.length).max().orElse(1);
        for (int line = 0; line < height; line++) {
            out.append('|');
            for (int c = 0; c < widths.length; c++) {
                String[] cell = lines.get(c);
                String text = line < cell.length ? cell[line] : "";
                out.append(' ').append(justify(text, widths[c])).append(" |");
            }
            out.append(System.lineSeparator());
        }
    }

    private String justify(String text, int width) {
        int excess = width - text.length();
        if (leftAligned) {
            return text + " ".repeat(excess);
        }
        int left = excess / 2;
        int right = excess / 2;
        if (excess % 2 != 0) {
            if (text.length() % 2 != 0) {
                right++;
            } else {
                left++;
            }
        }
        return " ".repeat(left) + text + " ".repeat(right);
    }

    private static int width(String cell) {
        int w = 0;
        for (String line : cell.split("\n", -1)) {
            w = Math.max(w, line.length());
        }
        return w;
    }
}
