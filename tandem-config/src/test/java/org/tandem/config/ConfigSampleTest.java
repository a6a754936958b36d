package org.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSampleTest {
    static final Option<String> LONG_HELP = Option.string("zeta", "long_help").defaultValue(" spaced ")
            .help("word ".repeat(60).strip() + " averyveryveryveryveryveryveryveryveryveryveryveryverylongtokenthatcannotbesplitanywhere")
            .deprecatedName("DEFAULT", "old_long_help").build();
    static final Option<List<String>> MULTI = Option.multiString("alpha", "multi")
            .defaultValue(List.of("one", "two")).help("Repeatable.").build();
    static final Option<Map<String, String>> DICT = Option.dict("alpha", "dict")
            .defaultValue(Map.of("b", "2", "a", "1")).build();
    static final Option<String> EMPTY = Option.string("DEFAULT", "empty").defaultValue("").help("Empty.").build();

    static OptionRegistry registry() {
        return OptionRegistry.installed().plus(List.of(LONG_HELP, MULTI, DICT, EMPTY));
    }

    @Test
    void sampleContainsEveryOptionCommentedOutAndParsesBack() {
        OptionRegistry reg = registry();
        String sample = ConfigSample.render(reg, "Test sample");
        IniFile parsed = IniFile.parse("sample", sample);
        assertThat(parsed.entries()).as("everything is commented out").isEmpty();
        assertThat(parsed.sections()).first().isEqualTo("DEFAULT");
        assertThat(parsed.sections()).containsExactly("DEFAULT", "alpha", "conductor", "database", "metrics",
                "oslo_messaging_rabbit", "upgrade_levels", "zeta");
        for (Option<?> o : reg.options()) {
            assertThat(sample).as(o.key()).containsPattern("(?m)^#" + o.name() + " =");
        }
        assertThat(sample).contains("#report_interval = 10\n", "#release = kilo\n",
                "#amqp_durable_queues = false\n", "#transport_url = <None>\n",
                "#multi = one\n#multi = two\n", "#dict = a:1,b:2\n", "#long_help = \" spaced \"\n",
                "#empty =\n", "# Deprecated name: [DEFAULT] old_long_help\n", "# Minimum value: 1\n",
                "# Allowed values: juno, kilo\n", "#host = <this machine's host name>\n",
                "#connection = <None>\n", "# Secret: the value is masked in logs.\n",
                "[metrics]\n", "#listen_port = <None>\n");
    }

    @Test
    void helpIsWrappedAtSeventyColumnsExceptUnbreakableWords() {
        String sample = ConfigSample.render(registry(), "Test sample");
        for (String line : sample.split("\n")) {
            if (!line.contains("averyvery") && line.startsWith("# ")) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(ConfigSample.WRAP_WIDTH);
            }
        }
        assertThat(sample).contains("# averyvery");
        assertThat(sample.lines().filter(l -> l.startsWith("# word")).count()).isGreaterThan(3);
        assertThat(sample).contains("# Repeatable. (string, may be repeated)\n");
    }

    @Test
    void theSampleLoadsAsIsAndGivesTheDefaults(@TempDir Path dir) throws Exception {
        OptionRegistry reg = registry();
        Path file = dir.resolve("sample.conf");
        Files.writeString(file, ConfigSample.render(reg, "Test sample"));
        try (LogCapture logs = new LogCapture()) {
            Config c = Config.loader().registry(reg).configFile(file).load();
            for (Option<?> o : reg.options()) {
                assertThat((Object) c.get(o)).as(o.key()).isEqualTo(o.defaultValue());
            }
            assertThat(logs.warnings()).isEmpty();
        }
    }

    @Test
    void everyDefaultShownInTheSampleLoadsBackToTheSameValue(@TempDir Path dir) throws Exception {
        // Uncomment every "#name = value" line except placeholders (<None>, <...>): the result must
        // load without errors or warnings and give each option its default.
        OptionRegistry reg = registry();
        String uncommented = ConfigSample.render(reg, "Test sample").lines()
                .map(l -> l.matches("#[a-z_]+ =.*") && !l.matches("#[a-z_]+ = <.*>") ? l.substring(1) : l)
                .collect(Collectors.joining("\n"));
        Path file = dir.resolve("uncommented.conf");
        Files.writeString(file, uncommented);
        try (LogCapture logs = new LogCapture()) {
            Config c = Config.loader().registry(reg).configFile(file).load();
            int fromFile = 0;
            for (Option<?> o : reg.options()) {
                if (o.sampleDefault() == null && o.defaultValue() != null) {
                    assertThat((Object) c.get(o)).as(o.key()).isEqualTo(o.defaultValue());
                    assertThat(c.origin(o)).as(o.key()).startsWith(file.toString());
                    fromFile++;
                }
            }
            assertThat(fromFile).isGreaterThan(15);
            assertThat(logs.warnings()).isEmpty();
        }
    }
}
