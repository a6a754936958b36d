package org.tandem.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code [database] connection}: the vendor, a JDBC URL without credentials, and the
 * credentials apart, so that nothing logged or thrown ever shows the password.
 *
 * <p>Accepted forms (oslo.db / SQLAlchemy style and JDBC):
 * <ul>
 *   <li>{@code postgresql://user:pass@host:5432/nova}, also {@code postgresql+psycopg2://},
 *       {@code postgres://}</li>
 *   <li>{@code mysql://user:pass@host/nova?charset=utf8}, also {@code mysql+pymysql://},
 *       {@code mysql+mysqldb://}, {@code mariadb://}, {@code mariadb+pymysql://}; TLS is off
 *       ({@code sslMode=disable}) as with PyMySQL unless the URL asks for it</li>
 *   <li>{@code jdbc:postgresql:...}, {@code jdbc:mariadb:...}, {@code jdbc:mysql:...} (run by the
 *       MariaDB driver), {@code jdbc:h2:...} (PostgreSQL-mode settings are added when missing)</li>
 *   <li>empty or absent: an H2 file {@code <state>/tandem-db} shared by several processes</li>
 * </ul>
 */
public record ConnectionUrl(DbVendor vendor, String jdbcUrl, String user, String password, String display) {
    /** The H2 settings Tandem's SQL relies on (java-deps.md §3). */
    public static final String H2_SETTINGS = "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    /** File name (without H2's {@code .mv.db}) of the default embedded database under the state directory. */
    public static final String DEFAULT_H2_NAME = "tandem-db";

    static final String SUPPORTED = "postgresql://USER:PASS@HOST[:PORT]/DB, postgresql+psycopg2://..., "
            + "mysql://USER:PASS@HOST[:PORT]/DB, mysql+pymysql://..., mariadb://..., "
            + "jdbc:postgresql:..., jdbc:mariadb:..., jdbc:mysql:..., jdbc:h2:..., "
            + "or leave [database] connection empty for the embedded H2 database";

    /** Query parameters meaningful only to Python drivers; dropped (the JDBC drivers use UTF-8 anyway). */
    private static final Set<String> PYTHON_ONLY_PARAMS = Set.of("charset", "plugin", "read_default_file",
            "read_default_group", "client_flag", "use_unicode", "binary_prefix");
    private static final Pattern OSLO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://(.*)$");
    private static final Pattern JDBC_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    @Override
    public String toString() {
        return display;
    }

    /** Replaces this URL's password, wherever it appears in {@code text}, with {@code ***}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, "***");
        }
        return JDBC_PASSWORD.matcher(out).replaceAll("$1***");
    }

    /**
     * Parses {@code [database] connection}.
     *
     * @param connection the configured value; null or blank selects the embedded H2 database
     * @param stateDir where the embedded H2 database lives (needed only when {@code connection} is empty)
     * @throws InvalidConnectionUrlException for an unsupported or malformed value, with the supported forms
     */
    public static ConnectionUrl parse(String connection, Path stateDir) {
        if (connection == null || connection.isBlank()) {
            if (stateDir == null) {
                throw new InvalidConnectionUrlException("[database] connection is empty and no state directory was "
                        + "given for the embedded H2 database; set [database] connection or [DEFAULT] state_path");
            }
            String url = "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve(DEFAULT_H2_NAME) + ";" + H2_SETTINGS
                    + ";AUTO_SERVER=TRUE";
            return new ConnectionUrl(DbVendor.H2, url, null, null, url);
        }
        String raw = connection.trim();
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return parseJdbc(raw, lower);
        }
        Matcher m = OSLO.matcher(raw);
        if (!m.matches()) {
            throw new InvalidConnectionUrlException("Cannot parse [database] connection '" + maskLoose(raw)
                    + "'. Supported forms: " + SUPPORTED);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        DbVendor vendor = switch (dialect) {
            case "postgresql", "postgres" -> DbVendor.POSTGRESQL;
            case "mysql", "mariadb" -> DbVendor.MARIADB;
            case "sqlite" -> throw new InvalidConnectionUrlException("SQLite ('" + scheme + "://') is not supported "
                    + "by Tandem. Supported forms: " + SUPPORTED);
            default -> throw new InvalidConnectionUrlException("Unsupported database '" + scheme
                    + "' in [database] connection. Supported forms: " + SUPPORTED);
        };
        return parseOslo(vendor, scheme, m.group(2), raw);
    }

    private static ConnectionUrl parseOslo(DbVendor vendor, String scheme, String rest, String raw) {
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/', Math.max(0, rest.lastIndexOf('@')));
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String dbName = slash < 0 ? "" : rest.substring(slash + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        if (authority.isEmpty()) {
            authority = "localhost";
        }
        if (dbName.isEmpty()) {
            throw new InvalidConnectionUrlException("[database] connection '" + maskLoose(raw)
                    + "' names no database; add it after the host, e.g. " + scheme + "://nova:PASS@dbhost/nova");
        }
        List<String> params = new ArrayList<>();
        boolean sslGiven = false;
        for (String p : query.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (PYTHON_ONLY_PARAMS.contains(key.toLowerCase(Locale.ROOT))) {
                continue;
            }
            sslGiven |= key.toLowerCase(Locale.ROOT).startsWith("ssl");
            params.add(p);
        }
        if (vendor == DbVendor.MARIADB && !sslGiven) {
            params.add("sslMode=disable");
        }
        String jdbc = (vendor == DbVendor.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://") + authority + "/"
                + dbName + (params.isEmpty() ? "" : "?" + String.join("&", params));
        String display = scheme + "://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + authority + "/" + dbName + (query.isEmpty() ? "" : "?" + query);
        return new ConnectionUrl(vendor, jdbc, user, password, JDBC_PASSWORD.matcher(display).replaceAll("$1***"));
    }

    private static ConnectionUrl parseJdbc(String raw, String lower) {
        String masked = JDBC_PASSWORD.matcher(raw).replaceAll("$1***");
        if (lower.startsWith("jdbc:postgresql:")) {
            return new ConnectionUrl(DbVendor.POSTGRESQL, raw, null, null, masked);
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return new ConnectionUrl(DbVendor.MARIADB, raw, null, null, masked);
        }
        if (lower.startsWith("jdbc:mysql:")) {
            String url = "jdbc:mariadb:" + raw.substring("jdbc:mysql:".length());
            return new ConnectionUrl(DbVendor.MARIADB, url, null, null, "jdbc:mariadb:"
                    + masked.substring("jdbc:mysql:".length()));
        }
        if (lower.startsWith("jdbc:h2:")) {
            StringBuilder url = new StringBuilder(raw);
            for (String setting : H2_SETTINGS.split(";")) {
                String key = setting.substring(0, setting.indexOf('=') + 1).toLowerCase(Locale.ROOT);
                if (!lower.contains(";" + key)) {
                    url.append(';').append(setting);
                }
            }
            String u = url.toString();
            return new ConnectionUrl(DbVendor.H2, u, null, null, JDBC_PASSWORD.matcher(u).replaceAll("$1***"));
        }
        if (lower.startsWith("jdbc:sqlite:")) {
            throw new InvalidConnectionUrlException("SQLite is not supported by Tandem. Supported forms: " + SUPPORTED);
        }
        throw new InvalidConnectionUrlException("Unsupported JDBC URL '" + masked + "' in [database] connection. "
                + "Supported forms: " + SUPPORTED);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Masks a password in a URL we could not parse: anything between {@code ://user:} and the last {@code @}. */
    private static String maskLoose(String raw) {
        String s = raw.replaceAll("(://[^:/@]*:)[^/]*@", "$1***@");
        return JDBC_PASSWORD.matcher(s).replaceAll("$1***");
    }
}
