package org.tandem.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tandem.version.Release;

/**
 * Rules every bundled migration must follow: expand-only (no statement that removes, renames,
 * retypes or deletes), the same versions for every vendor, release folders matching
 * {@link SchemaVersions}, and Flyway file names {@code V<nova>_<step>__<release>_<what>.sql}.
 */
class MigrationFilesTest {
    /** Statements that contract a schema or destroy data. */
    private static final List<Pattern> FORBIDDEN = Stream.of(
            "\\bDROP\\b", "\\bRENAME\\b", "\\bTRUNCATE\\b", "\\bDELETE\\b", "\\bMERGE\\b", "\\bREPLACE\\s+INTO\\b",
            "\\bALTER\\s+TABLE\\b[^;]*\\b(MODIFY|CHANGE)\\b", "\\bALTER\\s+COLUMN\\b[^;]*\\bTYPE\\b",
            "\\bALTER\\s+COLUMN\\b[^;]*\\bSET\\s+NOT\\s+NULL\\b", "\\bSET\\s+DATA\\s+TYPE\\b",
            "\\bUPDATE\\s+\\w+\\s+SET\\b")
            .map(p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE)).toList();
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)_(\\d+)__([a-z]+)_[a-z0-9_]+\\.sql");

    static Path migrationRoot() {
        try {
            return Path.of(MigrationFilesTest.class.getResource("/db/migration").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The problems in one SQL text: "file:line: forbidden ... in: ..." (empty when expand-only). */
    static List<String> contractingStatements(String name, String sql) {
        List<String> problems = new ArrayList<>();
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String code = lines[i].replaceAll("--.*$", "");
            for (Pattern p : FORBIDDEN) {
                Matcher m = p.matcher(code);
                if (m.find()) {
                    problems.add(name + ":" + (i + 1) + ": '" + m.group().trim() + "' is not allowed in an expand-only "
                            + "migration (only CREATE TABLE/INDEX, ALTER TABLE ... ADD, INSERT): " + lines[i].trim());
                }
            }
        }
        return problems;
    }

    @Test
    void everyMigrationIsExpandOnly() throws IOException {
        Path root = migrationRoot();
        List<String> problems = new ArrayList<>();
        for (Path f : files(root)) {
            problems.addAll(contractingStatements(root.relativize(f).toString(), Files.readString(f)));
        }
        assertThat(problems).as("contracting statements in migrations").isEmpty();
        assertThat(files(root)).as("migration files found").isNotEmpty();
    }

    @Test
    void theScannerCatchesContractingStatementsWithFileAndLine() {
        String sql = "CREATE TABLE a (id INT);\n-- DROP TABLE in a comment is fine\nDROP TABLE a;\n"
                + "ALTER TABLE a RENAME COLUMN x TO y;\nALTER TABLE a ALTER COLUMN x TYPE TEXT;\n"
                + "ALTER TABLE a MODIFY x TEXT;\nALTER TABLE a CHANGE x y TEXT;\ntruncate a;\ndelete from a;\n"
                + "ALTER TABLE a ADD COLUMN z TEXT;\nUPDATE a SET x = 1;\n";
        List<String> problems = contractingStatements("V9_0__kilo_bad.sql", sql);
        assertThat(problems).hasSize(8);
        assertThat(problems.get(0)).startsWith("V9_0__kilo_bad.sql:3: 'DROP'");
        assertThat(problems).noneMatch(p -> p.contains(":2:") || p.contains(":10:"));
        assertThat(problems).anyMatch(p -> p.startsWith("V9_0__kilo_bad.sql:6:") && p.contains("MODIFY"));
    }

    @Test
    void everyVendorFolderHasTheSameMigrationVersions() throws IOException {
        Path root = migrationRoot();
        Map<String, Set<String>> byVendor = new TreeMap<>();
        for (DbVendor v : DbVendor.values()) {
            Path dir = root.resolve(v.migrationFolder());
            assertThat(dir).as("migration folder of " + v).isDirectory();
            byVendor.put(v.migrationFolder(), files(dir).stream().map(p -> dir.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .as("vendor folders").isEqualTo(byVendor.keySet());
        }
        Set<String> reference = byVendor.values().iterator().next();
        byVendor.forEach((vendor, versions) -> assertThat(versions).as("migrations of " + vendor)
                .isEqualTo(reference));
    }

    @Test
    void fileNamesFollowTheSchemeAndSitInTheirReleaseFolder() throws IOException {
        Path root = migrationRoot();
        for (Path f : files(root)) {
            Matcher m = FILE_NAME.matcher(f.getFileName().toString());
            assertThat(m.matches()).as("name of " + root.relativize(f) + " (want V<nova>_<step>__<release>_<what>.sql)")
                    .isTrue();
            assertThat(m.group(3)).as("release in name of " + f).isEqualTo(f.getParent().getFileName().toString());
            Release.named(m.group(3));
        }
    }

    @Test
    void schemaVersionOfEachReleaseIsItsLastMigration() throws IOException {
        Path dir = migrationRoot().resolve(DbVendor.POSTGRESQL.migrationFolder());
        Map<String, Integer> lastByFolder = new TreeMap<>();
        for (Path f : files(dir)) {
            Matcher m = FILE_NAME.matcher(f.getFileName().toString());
            assertThat(m.matches()).isTrue();
            lastByFolder.merge(f.getParent().getFileName().toString(), Integer.parseInt(m.group(1)), Math::max);
        }
        Map<String, Integer> declared = new TreeMap<>();
        SchemaVersions.all().forEach((r, v) -> declared.put(SchemaVersions.folder(r), v));
        assertThat(lastByFolder).isEqualTo(declared);
        assertThat(SchemaVersions.of(Release.JUNO)).isEqualTo(254);
        assertThat(SchemaVersions.of(Release.KILO)).isEqualTo(280);
        // Releases are ordered, and so must their schema versions be.
        List<Integer> ordered = Arrays.stream(Release.values()).map(SchemaVersions::find)
                .flatMap(java.util.Optional::stream).toList();
        assertThat(ordered).isSorted();
    }

    @Test
    void releaseWithoutBundledSchemaIsAClearError() {
        for (Release r : Release.values()) {
            if (SchemaVersions.find(r).isEmpty()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaVersions.of(r))
                        .isInstanceOf(SchemaException.class).hasMessageContaining(r.codename().toLowerCase(Locale.ROOT));
            }
        }
    }
}
