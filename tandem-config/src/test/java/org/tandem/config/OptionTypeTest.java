package org.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each type's accepted and rejected spellings, and the exact shape of the start-up error. */
class OptionTypeTest {
    static final Option<Integer> INT = Option.integer("DEFAULT", "report_interval").defaultValue(10).build();
    static final Option<Integer> BOUNDED = Option.of("DEFAULT", "workers", OptionType.integer(1, 8)).build();
    static final Option<Integer> MIN_ONLY = Option.of("DEFAULT", "min_only", OptionType.integer(1, null)).build();
    static final Option<Double> FLOAT = Option.floating("DEFAULT", "ratio").build();
    static final Option<Double> FLOAT_BOUNDED =
            Option.of("DEFAULT", "fraction", OptionType.floating(0.0, 1.0)).build();
    static final Option<Boolean> BOOL = Option.bool("DEFAULT", "debug").defaultValue(false).build();
    static final Option<Integer> PORT = Option.port("DEFAULT", "listen_port").build();
    static final Option<List<String>> LIST = Option.list("DEFAULT", "hosts").build();
    static final Option<Map<String, String>> DICT = Option.dict("DEFAULT", "labels").build();
    static final Option<String> CHOICE = Option.string("DEFAULT", "mode").choices("fast", "safe").build();
    static final Option<String> PASSWORD = Option.of("DEFAULT", "password", OptionType.string()).secret().build();

    static final OptionRegistry REGISTRY = OptionRegistry.of(List.of(INT, BOUNDED, MIN_ONLY, FLOAT,
            FLOAT_BOUNDED, BOOL, PORT, LIST, DICT, CHOICE, PASSWORD));

    @TempDir
    Path dir;

    private Config load(String body) throws Exception {
        Path f = dir.resolve("nova.conf");
        Files.writeString(f, "[DEFAULT]\n" + body + "\n");
        return Config.loader().registry(REGISTRY).configFile(f).load();
    }

    private void assertRejected(String line, String expected) throws Exception {
        Path f = dir.resolve("nova.conf");
        assertThatThrownBy(() -> load(line)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ":2: [DEFAULT] " + expected);
    }

    @Test
    void badIntegerMessageHasFileLineGroupOptionValueAndExpectation() throws Exception {
        assertRejected("report_interval = ten", "report_interval = \"ten\": expected an integer");
    }

    @ParameterizedTest
    @CsvSource({"42, 42", "+7, 7", "-3, -3", "' 12 ', 12", "0, 0"})
    void integersParse(String text, int expected) throws Exception {
        assertThat(load("report_interval = " + text).get(INT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "10s", "0x10", "1e3", "--1", "99999999999"})
    void nonIntegersAreRejected(String text) throws Exception {
        Path f = dir.resolve("nova.conf");
        assertThatThrownBy(() -> load("report_interval = " + text)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":2: [DEFAULT] report_interval = \"" + text + "\": expected an integer");
    }

    @Test
    void emptyNumberMeansNoValueAsInOsloUnlessThatWouldHideADefault() throws Exception {
        assertThat(load("ratio = ").get(FLOAT)).isNull();
        assertThat(load("workers =").get(BOUNDED)).isNull();
        assertRejected("report_interval =", "report_interval = \"\": expected a value; delete the line"
                + " to use the default 10");
    }

    @Test
    void integerBoundsAreChecked() throws Exception {
        assertThat(load("workers = 8").get(BOUNDED)).isEqualTo(8);
        assertRejected("workers = 9", "workers = \"9\": expected an integer between 1 and 8");
        assertRejected("workers = 0", "workers = \"0\": expected an integer between 1 and 8");
        assertRejected("min_only = 0", "min_only = \"0\": expected an integer >= 1");
    }

    @ParameterizedTest
    @CsvSource({"1.5, 1.5", "2, 2.0", "-0.25, -0.25", "1e3, 1000.0", ".5, 0.5", "inf, Infinity"})
    void floatsParse(String text, double expected) throws Exception {
        assertThat(load("ratio = " + text).get(FLOAT)).isEqualTo(expected);
    }

    @Test
    void badFloatsAreRejected() throws Exception {
        assertRejected("ratio = 1,5", "ratio = \"1,5\": expected a number");
        assertRejected("ratio = 0x1p3", "ratio = \"0x1p3\": expected a number");
        assertRejected("fraction = 1.5", "fraction = \"1.5\": expected a number between 0.0 and 1.0");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "True, true", "YES, true", "on, true", "1, true",
        "false, false", "No, false", "OFF, false", "0, false"})
    void booleansAcceptOsloSpellings(String text, boolean expected) throws Exception {
        assertThat(load("debug = " + text).get(BOOL)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"y", "t", "2", "enabled", "truee"})
    void otherBooleanSpellingsAreRejected(String text) throws Exception {
        assertRejected("debug = " + text,
                "debug = \"" + text + "\": expected a boolean (true/false, yes/no, on/off or 1/0)");
    }

    @Test
    void emptyBooleanIsRejected() throws Exception {
        assertRejected("debug =", "debug = \"\": expected a boolean (true/false, yes/no, on/off or 1/0)");
    }

    @Test
    void portsAreZeroTo65535() throws Exception {
        assertThat(load("listen_port = 8774").get(PORT)).isEqualTo(8774);
        assertThat(load("listen_port = 0").get(PORT)).isEqualTo(0);
        assertRejected("listen_port = 65536", "listen_port = \"65536\": expected a port number between 0 and 65535");
        assertRejected("listen_port = http", "listen_port = \"http\": expected a port number between 0 and 65535");
    }

    @Test
    void listsSplitOnCommasAndTrim() throws Exception {
        assertThat(load("hosts = a, b ,c").get(LIST)).containsExactly("a", "b", "c");
        assertThat(load("hosts = a,b,,").get(LIST)).containsExactly("a", "b");
        assertThat(load("hosts = a,,b").get(LIST)).containsExactly("a", "", "b");
        assertThat(load("hosts =").get(LIST)).isEmpty();
    }

    @Test
    void dictsParseKeyValuePairs() throws Exception {
        assertThat(load("labels = k1:v1, k2 : v2").get(DICT)).containsExactly(
                Map.entry("k1", "v1"), Map.entry("k2", "v2"));
        assertThat(load("labels = url:http://x:80/").get(DICT)).containsExactly(Map.entry("url", "http://x:80/"));
        assertThat(load("labels = a,b:c").get(DICT)).containsExactly(Map.entry("a,b", "c"));
        assertThat(load("labels =").get(DICT)).isEmpty();
    }

    @Test
    void badDictsAreRejected() throws Exception {
        assertRejected("labels = k1", "labels = \"k1\": expected key:value pairs separated by commas");
        assertRejected("labels = :v", "labels = \":v\": expected key:value pairs separated by commas,"
                + " each with a non-empty key");
        assertRejected("labels = a:1,a:2", "labels = \"a:1,a:2\": expected key:value pairs separated"
                + " by commas, each key once (\"a\" appears twice)");
    }

    @Test
    void choicesAreCaseSensitive() throws Exception {
        assertThat(load("mode = safe").get(CHOICE)).isEqualTo("safe");
        assertRejected("mode = Safe", "mode = \"Safe\": expected one of fast, safe");
    }

    @Test
    void secretValuesAreMaskedInErrorsAndDisplay() throws Exception {
        Option<Integer> secretInt = Option.integer("DEFAULT", "pin").secret().build();
        Path f = dir.resolve("s.conf");
        Files.writeString(f, "[DEFAULT]\npin = hunter2\n");
        assertThatThrownBy(() -> Config.loader().registry(OptionRegistry.of(List.of(secretInt)))
                .configFile(f).load()).hasMessage(f + ":2: [DEFAULT] pin = \"****\": expected an integer");
        Config c = load("password = hunter2");
        assertThat(c.get(PASSWORD)).isEqualTo("hunter2");
        assertThat(c.display(PASSWORD)).isEqualTo("****");
        assertThat(c.display(INT)).isEqualTo("10");
    }

    @Test
    void builderRejectsDefaultsThatDoNotFit() {
        assertThatThrownBy(() -> Option.of("DEFAULT", "x", OptionType.integer(1, null)).defaultValue(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("[DEFAULT] x: default 0 is not an integer >= 1");
        assertThatThrownBy(() -> Option.string("DEFAULT", "m").choices("a", "b").defaultValue("c").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of the choices");
        assertThatThrownBy(() -> Option.string("DEFAULT", "bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Option.multiString("DEFAULT", "m").choices(List.of("a")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
