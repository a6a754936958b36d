package org.tandem.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @CsvSource({
        "3.35, 3.35, true", "3.35, 3.0, true", "3.35, 3.36, false", "4.0, 3.35, false",
        "3.40, 4.0, false", "1.1, 1.1.0, true", "1.1.2, 1.1.3, false", "1.1.3, 1.1.2, true", "1.2, 1.1.9, true"
    })
    void canServeFollowsOsloRule(String server, String requested, boolean expected) {
        assertThat(Version.parse(server).canServe(Version.parse(requested))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "x.y", "1.2.3.4", "1.", ".1", "-1.0", "1.0 ", "+1.2", "1.99999999999"})
    void rejectsMalformedVersions(String text) {
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1.1, -1", "1.10, 1.9, 1", "2.0, 1.99, 1", "1.1, 1.1.0, 0"})
    void ordersNumerically(String a, String b, int sign) {
        assertThat(Integer.signum(Version.parse(a).compareTo(Version.parse(b)))).isEqualTo(sign);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.35", "1.2.3", "0.0"})
    void roundTripsText(String text) {
        assertThat(Version.parse(text)).hasToString(text);
    }
}
