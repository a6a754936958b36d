package org.tandem.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * TEMPORARY: a minimal nova.conf lookup for {@code nova-manage} until tandem-config (written in
 * parallel) is merged; REPLACE every use with tandem-config's loader. It reads {@code key = value}
 * lines under {@code [section]} headers, ignores full-line {@code #}/{@code ;} comments, and lets
 * later files win, which is all {@code [database] connection} and {@code [DEFAULT] state_path} need.
 */
final class LegacyIniLookup {
    private final List<Path> files;

    LegacyIniLookup(List<Path> files) {
        this.files = files == null ? List.of() : List.copyOf(files);
    }

    /** The value of {@code [section] key} in the last file that sets it. */
    Optional<String> get(String section, String key) {
        String found = null;
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("Config file " + f + " does not exist; check --config-file");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read config file " + f, e);
            }
            String current = null;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = line.substring(1, line.length() - 1).strip();
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq > 0 && section.equalsIgnoreCase(current == null ? "" : current)
                        && line.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(key)) {
                    found = line.substring(eq + 1).strip();
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
