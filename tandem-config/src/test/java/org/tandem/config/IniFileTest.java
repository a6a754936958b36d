package org.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IniFileTest {

    private static IniFile parse(String text) {
        return IniFile.parse("test.conf", text);
    }

    @Test
    void fullLineHashAndSemicolonAreComments() {
        IniFile f = parse("# top\n[DEFAULT]\n; semicolon comment\n#key = 1\nkey = 2\n");
        assertThat(f.entries()).hasSize(1);
        assertThat(f.values("DEFAULT", "key")).containsExactly("2");
    }

    @Test
    void hashAndSemicolonInsideValueAreKept() {
        IniFile f = parse("[DEFAULT]\npassword = abc #123\nother = abc ;123\nurl = a=b;c\n");
        assertThat(f.values("DEFAULT", "password")).containsExactly("abc #123");
        assertThat(f.values("DEFAULT", "other")).containsExactly("abc ;123");
        assertThat(f.values("DEFAULT", "url")).containsExactly("a=b;c");
    }

    @Test
    void defaultIsAPlainSectionAndNamesAreKeptAsWritten() {
        IniFile f = parse("[DEFAULT]\na = 1\n[Database]\nb = 2\n[default]\nc = 3\n");
        assertThat(f.sections()).containsExactly("DEFAULT", "Database", "default");
        assertThat(f.values("DEFAULT", "a")).containsExactly("1");
        assertThat(f.values("Database", "b")).containsExactly("2");
        assertThat(f.values("database", "b")).isEmpty();
        assertThat(f.values("default", "c")).containsExactly("3");
    }

    @Test
    void equalsOrColonWhicheverComesFirstSplitsTheLine() {
        IniFile f = parse("[g]\ncolon: value:with=stuff\neq = a:b=c\n  \nspaced   =   x y   \nempty =\n");
        assertThat(f.values("g", "colon")).containsExactly("value:with=stuff");
        assertThat(f.values("g", "eq")).containsExactly("a:b=c");
        assertThat(f.values("g", "spaced")).containsExactly("x y");
        assertThat(f.values("g", "empty")).containsExactly("");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v = \"hello world\"|hello world",
        "v = 'x'|x",
        "v = \"abc'|\"abc'",
        "v = \"a\" b|\"a\" b",
        "v = \" padded \"|' padded '",
        "v = \"|''",
        "v = a\"b\"|a\"b\""
    })
    void matchingOuterQuotesAreStrippedOnce(String line, String expected) {
        assertThat(parse("[g]\n" + line + "\n").values("g", "v")).containsExactly(expected);
    }

    @Test
    void repeatedKeysAreKeptInOrder() {
        IniFile f = parse("[DEFAULT]\nm = a\nother = x\nm = b\n[g]\nm = c\n[DEFAULT]\nm = d\n");
        assertThat(f.values("DEFAULT", "m")).containsExactly("a", "b", "d");
        assertThat(f.values("g", "m")).containsExactly("c");
        assertThat(f.sections()).containsExactly("DEFAULT", "g");
    }

    @Test
    void indentedLinesContinueTheValueJoinedByNewline() {
        IniFile f = parse("[g]\ncont = line1\n   line2\n\tline3\nnext = n\n");
        assertThat(f.values("g", "cont")).containsExactly("line1\nline2\nline3");
        assertThat(f.values("g", "next")).containsExactly("n");
        assertThat(f.entries().get(0).line()).isEqualTo(2);
    }

    @Test
    void anIndentedCommentIsPartOfTheValueAsInOslo() {
        assertThat(parse("[g]\nv = x\n  # kept\n").values("g", "v")).containsExactly("x\n# kept");
    }

    @Test
    void blankLineEndsAContinuedValue() {
        assertThatThrownBy(() -> parse("[g]\nv = x\n\n  y\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.conf:4: indented line \"y\" does not continue any option");
    }

    @Test
    void windowsLineEndingsAndTrailingSpaceAreHandled() {
        IniFile f = parse("[g]\r\nv = x  \r\n  y\r\n");
        assertThat(f.values("g", "v")).containsExactly("x\ny");
    }

    @Test
    void keyWithoutEqualsIsAnErrorWithFileAndLine() {
        assertThatThrownBy(() -> parse("[DEFAULT]\n# fine\njunk\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.conf:3: no '=' or ':' in \"junk\"; write 'name = value', or start"
                        + " the line with '#' to make it a comment");
    }

    @Test
    void otherSyntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> parse("a = 1\n")).hasMessageStartingWith("test.conf:1: option 'a'"
                + " appears before any section header");
        assertThatThrownBy(() -> parse("[g\n")).hasMessageStartingWith("test.conf:1: section header");
        assertThatThrownBy(() -> parse("\n[]\n")).hasMessageStartingWith("test.conf:2: empty section name");
        assertThatThrownBy(() -> parse("[g]\n= 1\n")).hasMessageStartingWith("test.conf:2: missing option name");
        assertThatThrownBy(() -> parse("  [g]\n")).hasMessageStartingWith("test.conf:1: indented line");
    }

    @Test
    void readsFilesAndNamesMissingOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nova.conf");
        Files.writeString(file, "[DEFAULT]\nhost = h1\n");
        assertThat(IniFile.read(file).values("DEFAULT", "host")).containsExactly("h1");
        assertThat(IniFile.read(file).source()).isEqualTo(file.toString());
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> IniFile.read(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config file " + missing + " does not exist");
    }
}
