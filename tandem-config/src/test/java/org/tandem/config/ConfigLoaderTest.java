package org.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final Option<String> NAME = Option.string("DEFAULT", "name").defaultValue("dflt").build();
    static final Option<Integer> COUNT = Option.integer("DEFAULT", "count").defaultValue(1).build();
    static final Option<List<String>> MULTI = Option.multiString("DEFAULT", "multi").build();
    static final Option<String> CONNECTION = Option.string("database", "connection")
            .deprecatedName("DEFAULT", "sql_connection").deprecatedName("DATABASE", "sql_connection").build();
    static final Option<List<String>> FILTERS = Option.multiString("filters", "filter")
            .deprecatedName("DEFAULT", "old_filter").build();
    static final Option<String> MODE = Option.string("DEFAULT", "mode").choices("a", "b").defaultValue("a").build();

    static final OptionRegistry REGISTRY = OptionRegistry.of(List.of(NAME, COUNT, MULTI, CONNECTION, FILTERS, MODE));

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private ConfigLoader loader() {
        return Config.loader().registry(REGISTRY);
    }

    @Test
    void defaultsWithoutFiles() {
        Config c = Config.defaults(REGISTRY);
        assertThat(c.get(NAME)).isEqualTo("dflt");
        assertThat(c.get(COUNT)).isEqualTo(1);
        assertThat(c.get(MULTI)).isNull();
        assertThat(c.get(CONNECTION)).isNull();
        assertThat(c.origin(NAME)).isEqualTo("default");
        assertThat(c.files()).isEmpty();
    }

    @Test
    void laterFileWinsAndLastOccurrenceInAFileWins() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nname = one\ncount = 5\n");
        Path b = write("b.conf", "[DEFAULT]\nname = two\nname = three\n");
        Config c = loader().configFile(a).configFile(b).load();
        assertThat(c.get(NAME)).isEqualTo("three");
        assertThat(c.origin(NAME)).isEqualTo(b + ":3");
        assertThat(c.get(COUNT)).isEqualTo(5);
        assertThat(loader().configFile(b).configFile(a).load().get(NAME)).isEqualTo("one");
    }

    @Test
    void multiStringCollectsEveryFileOldestFirst() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nmulti = a\nmulti = b\n");
        Path b = write("b.conf", "[DEFAULT]\nmulti = c\n");
        assertThat(loader().configFile(a).configFile(b).load().get(MULTI)).containsExactly("a", "b", "c");
        assertThat(loader().configFile(b).configFile(a).load().get(MULTI)).containsExactly("c", "a", "b");
    }

    @Test
    void configDirFilesAreReadSortedAfterTheFiles() throws Exception {
        Path file = write("main.conf", "[DEFAULT]\nname = from-file\nmulti = f\n");
        Path d = dir.resolve("conf.d");
        write("conf.d/20-b.conf", "[DEFAULT]\nname = from-20\nmulti = 20\n");
        write("conf.d/10-a.conf", "[DEFAULT]\nname = from-10\nmulti = 10\n");
        write("conf.d/30-c.conf.disabled", "[DEFAULT]\nname = ignored\n");
        Config c = loader().configDir(d).configFile(file).load();
        assertThat(c.get(NAME)).isEqualTo("from-20");
        assertThat(c.get(MULTI)).containsExactly("f", "10", "20");
        assertThat(c.files()).containsExactly(file, d.resolve("10-a.conf"), d.resolve("20-b.conf"));
    }

    @Test
    void missingFileOrDirectoryIsAClearError() throws Exception {
        Path missing = dir.resolve("absent.conf");
        assertThatThrownBy(() -> loader().configFile(missing).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file " + missing + " does not exist");
        Path missingDir = dir.resolve("absent.d");
        assertThatThrownBy(() -> loader().configDir(missingDir).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config directory " + missingDir + " does not exist");
    }

    @Test
    void parseErrorsNameTheFile() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nname = ok\n");
        Path b = write("b.conf", "[DEFAULT]\n\nbroken line\n");
        assertThatThrownBy(() -> loader().configFile(a).configFile(b).load())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(b + ":3: no '=' or ':'");
    }

    @Test
    void theValueInUseIsCheckedAtLoadAndAShadowedOneIsNot() throws Exception {
        // As in oslo.config: a bad value hidden by a later file is never used, so it does not fail.
        Path a = write("a.conf", "[DEFAULT]\ncount = x\n");
        Path b = write("b.conf", "[DEFAULT]\ncount = 2\n");
        assertThat(loader().configFile(a).configFile(b).load().get(COUNT)).isEqualTo(2);
        assertThatThrownBy(() -> loader().configFile(b).configFile(a).load())
                .hasMessage(a + ":2: [DEFAULT] count = \"x\": expected an integer")
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.source()).isEqualTo(a.toString());
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.problems()).containsExactly(e);
                });
    }

    @Test
    void unknownOptionsAndGroupsAreWarnedOnceAndNotFatal() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nname = x\nverbose = true\nverbose = false\n"
                + "[libvirt]\nvirt_type = kvm\nimages_type = qcow2\n[database]\nidle_timeout = 3600\n");
        Path b = write("b.conf", "[DEFAULT]\nverbose = true\n[libvirt]\nvirt_type = qemu\n");
        try (LogCapture logs = new LogCapture()) {
            Config c = loader().configFile(a).configFile(b).load();
            assertThat(c.get(NAME)).isEqualTo("x");
            assertThat(logs.warnings()).hasSize(3);
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("unknown option [DEFAULT] verbose in " + a + ":3"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("unknown group [libvirt] in " + a).contains("virt_type, images_type"));
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("unknown option [database] idle_timeout in " + a + ":9"));
        }
    }

    @Test
    void groupNamesAreMatchedLikeOslo() throws Exception {
        // [DATABASE] and [Database] are the database group; [default] is not [DEFAULT].
        Path a = write("a.conf", "[Database]\nconnection = sqlite://\n[default]\nname = lower\n");
        try (LogCapture logs = new LogCapture()) {
            Config c = loader().configFile(a).load();
            assertThat(c.get(CONNECTION)).isEqualTo("sqlite://");
            assertThat(c.get(NAME)).isEqualTo("dflt");
            assertThat(logs.warnings()).singleElement().asString().contains("unknown group [default]");
        }
    }

    @Test
    void deprecatedNamesAreReadWithOneWarningNamingTheNewName() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nsql_connection = mysql://old\n");
        try (LogCapture logs = new LogCapture()) {
            Config c = loader().configFile(a).load();
            assertThat(c.get(CONNECTION)).isEqualTo("mysql://old");
            assertThat(logs.warnings()).singleElement().asString()
                    .contains("[DEFAULT] sql_connection in " + a + ":2 is deprecated")
                    .contains("rename it to 'connection' in group [database]");
        }
        Path b = write("b.conf", "[DEFAULT]\nold_filter = x\nold_filter = y\n[filters]\nfilter = z\n");
        try (LogCapture logs = new LogCapture()) {
            assertThat(loader().configFile(b).load().get(FILTERS)).containsExactly("x", "y", "z");
            assertThat(logs.warnings()).hasSize(1);
        }
    }

    @Test
    void newNameBeatsDeprecatedNameInTheSameFileButANewerFileWins() throws Exception {
        Path a = write("a.conf", "[database]\nconnection = new\n[DATABASE]\nsql_connection = old\n");
        assertThat(loader().configFile(a).load().get(CONNECTION)).isEqualTo("new");
        Path b = write("b.conf", "[DEFAULT]\nsql_connection = newer-file\n");
        assertThat(loader().configFile(a).configFile(b).load().get(CONNECTION)).isEqualTo("newer-file");
    }

    @Test
    void requiredOptionWithoutValueStopsTheLoad() throws Exception {
        Option<String> required = Option.string("database", "connection").required().build();
        OptionRegistry reg = OptionRegistry.of(List.of(required));
        Path a = write("a.conf", "[DEFAULT]\n");
        assertThatThrownBy(() -> Config.loader().registry(reg).configFile(a).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("[database] connection is required but has no value (none of " + a
                        + " sets it); add 'connection = ...' under [database]");
        Path b = write("b.conf", "[database]\nconnection = x\n");
        assertThat(Config.loader().registry(reg).configFile(b).load().get(required)).isEqualTo("x");
        assertThat(Config.loader().registry(reg).override(required, "y").load().get(required)).isEqualTo("y");
    }

    @Test
    void overridesWinOverFilesAndAreChecked() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\nname = file\nmode = b\n");
        Config c = loader().configFile(a).override(NAME, "flag").load();
        assertThat(c.get(NAME)).isEqualTo("flag");
        assertThat(c.origin(NAME)).isEqualTo("override");
        Config d = c.withOverride(MODE, "a");
        assertThat(d.get(MODE)).isEqualTo("a");
        assertThat(c.get(MODE)).isEqualTo("b");
        assertThatThrownBy(() -> c.withOverride(MODE, "z")).isInstanceOf(ConfigException.class)
                .hasMessage("override [DEFAULT] mode = z: expected one of a, b");
    }

    @Test
    void unregisteredOptionsCannotBeRead() {
        Option<String> stranger = Option.string("DEFAULT", "stranger").build();
        Option<String> twin = Option.string("DEFAULT", "name").build();
        Config c = Config.defaults(REGISTRY);
        assertThatThrownBy(() -> c.get(stranger)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("[DEFAULT] stranger is not registered");
        assertThatThrownBy(() -> c.get(twin)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> REGISTRY.plus(List.of(twin))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declared twice");
    }

    @Test
    void severalBadValuesAreReportedTogether() throws Exception {
        Path a = write("a.conf", "[DEFAULT]\ncount = x\nmode = c\n");
        assertThatThrownBy(() -> loader().configFile(a).load()).isInstanceOf(ConfigException.class)
                .hasMessage("2 configuration problems:\n  " + a + ":2: [DEFAULT] count = \"x\": expected an"
                        + " integer\n  " + a + ":3: [DEFAULT] mode = \"c\": expected one of a, b");
        assertThatThrownBy(() -> loader().configFile(a).load()).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).extracting(ConfigException::source).containsExactly(a.toString(), a.toString());
            assertThat(e.problems()).extracting(ConfigException::line).containsExactly(2, 3);
        });
        Path b = write("b.conf", "[DEFAULT]\nbroken\n");
        Path c = write("c.conf", "[DEFAULT]\n\n\nalso broken\n");
        assertThatThrownBy(() -> loader().configFile(b).configFile(c).load())
                .hasMessageContaining(b + ":2: no '='").hasMessageContaining(c + ":4: no '='");
    }

    static final Option<String> STATE = Option.string("DEFAULT", "state_path").defaultValue("/var/lib/tandem").build();
    static final Option<String> LOCK = Option.string("DEFAULT", "lock_path").build();
    static final Option<String> DB = Option.string("database", "url").build();
    static final Option<String> DB_DIR = Option.string("database", "dir").build();
    static final Option<Integer> PORT = Option.port("DEFAULT", "port").defaultValue(80).build();
    static final Option<String> A = Option.string("DEFAULT", "a").build();
    static final Option<String> B = Option.string("DEFAULT", "b").build();
    static final OptionRegistry SUBST = OptionRegistry.of(List.of(STATE, LOCK, DB, DB_DIR, PORT, A, B));

    @Test
    void dollarReferencesAreSubstitutedAsInOslo() throws Exception {
        Path f = write("s.conf", String.join("\n", "[DEFAULT]",
                "lock_path = $state_path/lock",
                "a = ${port}x $$literal \\$also $1 $",
                "[database]",
                "dir = /data",
                "url = sqlite:///$dir/nova.sqlite?$database.dir&$lock_path", ""));
        Config c = Config.loader().registry(SUBST).configFile(f).load();
        assertThat(c.get(LOCK)).isEqualTo("/var/lib/tandem/lock");
        assertThat(c.get(A)).isEqualTo("80x $literal $also $1 $");
        assertThat(c.get(DB)).isEqualTo("sqlite:////data/nova.sqlite?/data&/var/lib/tandem/lock");
    }

    @Test
    void unknownReferencesAndCyclesAreErrors() throws Exception {
        Path f = write("u.conf", "[DEFAULT]\nlock_path = $pybasedir/lock\n");
        assertThatThrownBy(() -> Config.loader().registry(SUBST).configFile(f).load())
                .hasMessage(f + ":2: [DEFAULT] lock_path = \"$pybasedir/lock\": $pybasedir is not an option"
                        + " this release knows; write $$ for a literal dollar sign");
        Path g = write("g.conf", "[DEFAULT]\na = x$b\nb = y$a\n");
        assertThatThrownBy(() -> Config.loader().registry(SUBST).configFile(g).load())
                .hasMessageContaining("a cycle of substitutions");
    }
}
