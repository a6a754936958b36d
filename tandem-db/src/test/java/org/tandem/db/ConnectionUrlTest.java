package org.tandem.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {
    private static final Path STATE = Path.of("/var/lib/tandem");

    @Test
    void osloPostgresUrlBecomesJdbcWithCredentialsApart() {
        ConnectionUrl u = ConnectionUrl.parse("postgresql://nova:s3cret@db.example:5432/nova", STATE);
        assertThat(u.vendor()).isEqualTo(DbVendor.POSTGRESQL);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/nova");
        assertThat(u.user()).isEqualTo("nova");
        assertThat(u.password()).isEqualTo("s3cret");
        assertThat(u.display()).isEqualTo("postgresql://nova:***@db.example:5432/nova").doesNotContain("s3cret");
        assertThat(u.toString()).doesNotContain("s3cret");
    }

    @Test
    void psycopg2DriverSuffixAndEncodedPasswordAreUnderstood() {
        ConnectionUrl u = ConnectionUrl.parse("postgresql+psycopg2://nova:p%40ss%3Aw@h/nova", STATE);
        assertThat(u.vendor()).isEqualTo(DbVendor.POSTGRESQL);
        assertThat(u.password()).isEqualTo("p@ss:w");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://h/nova");
    }

    @Test
    void pymysqlUrlDropsCharsetAndDisablesTlsLikePyMySql() {
        ConnectionUrl u = ConnectionUrl.parse("mysql+pymysql://nova:pw@dbhost/nova?charset=utf8", STATE);
        assertThat(u.vendor()).isEqualTo(DbVendor.MARIADB);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:mariadb://dbhost/nova?sslMode=disable");
        assertThat(u.display()).isEqualTo("mysql+pymysql://nova:***@dbhost/nova?charset=utf8");
    }

    @Test
    void explicitSslSettingIsKept() {
        ConnectionUrl u = ConnectionUrl.parse("mysql://nova:pw@dbhost:3307/nova?sslMode=verify-full", STATE);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:mariadb://dbhost:3307/nova?sslMode=verify-full");
    }

    @Test
    void jdbcUrlsPassThroughAndMysqlSchemeRunsOnMariaDbDriver() {
        assertThat(ConnectionUrl.parse("jdbc:postgresql://h/nova?user=a&password=zz", STATE).display())
                .isEqualTo("jdbc:postgresql://h/nova?user=a&password=***");
        ConnectionUrl my = ConnectionUrl.parse("jdbc:mysql://h/nova?user=root&sslMode=disable", STATE);
        assertThat(my.vendor()).isEqualTo(DbVendor.MARIADB);
        assertThat(my.jdbcUrl()).isEqualTo("jdbc:mariadb://h/nova?user=root&sslMode=disable");
    }

    @Test
    void h2JdbcUrlGetsPostgresModeSettingsWhenMissing() {
        ConnectionUrl u = ConnectionUrl.parse("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", STATE);
        assertThat(u.vendor()).isEqualTo(DbVendor.H2);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;" + ConnectionUrl.H2_SETTINGS);
        assertThat(ConnectionUrl.parse("jdbc:h2:mem:y;MODE=PostgreSQL", STATE).jdbcUrl())
                .isEqualTo("jdbc:h2:mem:y;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void emptyConnectionMeansSharedH2FileUnderStateDir() {
        for (String empty : new String[] {null, "", "  "}) {
            ConnectionUrl u = ConnectionUrl.parse(empty, STATE);
            assertThat(u.vendor()).isEqualTo(DbVendor.H2);
            assertThat(u.jdbcUrl()).isEqualTo("jdbc:h2:file:/var/lib/tandem/tandem-db;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE");
        }
        assertThatThrownBy(() -> ConnectionUrl.parse("", null)).isInstanceOf(InvalidConnectionUrlException.class)
                .hasMessageContaining("state_path");
    }

    @Test
    void sqliteIsRejectedWithTheSupportedForms() {
        assertThatThrownBy(() -> ConnectionUrl.parse("sqlite:////var/lib/nova/nova.sqlite", STATE))
                .isInstanceOf(InvalidConnectionUrlException.class)
                .hasMessageContaining("SQLite").hasMessageContaining("not supported")
                .hasMessageContaining("postgresql://").hasMessageContaining("mysql+pymysql://");
    }

    @Test
    void unknownSchemesAndGarbageAreRejectedWithoutShowingThePassword() {
        assertThatThrownBy(() -> ConnectionUrl.parse("oracle://nova:topsecret@h/nova", STATE))
                .isInstanceOf(InvalidConnectionUrlException.class).hasMessageContaining("'oracle'")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:oracle:thin:nova/x@h?password=topsecret", STATE))
                .isInstanceOf(InvalidConnectionUrlException.class).hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionUrl.parse("not a url", STATE))
                .isInstanceOf(InvalidConnectionUrlException.class).hasMessageContaining("Supported forms");
        assertThatThrownBy(() -> ConnectionUrl.parse("postgresql://nova:topsecret@h", STATE))
                .isInstanceOf(InvalidConnectionUrlException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void unreachableServerGivesMaskedError() {
        ConnectionUrl u = ConnectionUrl.parse("postgresql://nova:topsecret@127.0.0.1:1/nova", STATE);
        assertThatThrownBy(() -> Database.open(u, 1, java.time.Clock.systemUTC()))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("postgresql://nova:***@127.0.0.1:1/nova")
                .hasMessageNotContaining("topsecret");
    }
}
