package org.tandem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A new, uniquely named, empty database on the real PostgreSQL or MariaDB of {@link RealServices}
 * (trees and tests run at the same time, so names never repeat); {@link #close} drops it. The
 * JDBC driver must be on the test class path.
 */
public final class ScratchDatabase implements AutoCloseable {
    private final boolean postgres;
    private final String name;
    private final String jdbcUrl;

    private ScratchDatabase(boolean postgres, String prefix) {
        this.postgres = postgres;
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (postgres) {
            RealServices.requirePostgres();
            admin("CREATE DATABASE " + name);
            jdbcUrl = serverUrl(name);
        } else {
            RealServices.requireMariaDb();
            admin("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            jdbcUrl = serverUrl(name);
        }
    }

    /** A fresh PostgreSQL database named {@code <prefix>_<random>}. */
    public static ScratchDatabase postgres(String prefix) {
        return new ScratchDatabase(true, prefix);
    }

    /** A fresh MariaDB database named {@code <prefix>_<random>}. */
    public static ScratchDatabase mariadb(String prefix) {
        return new ScratchDatabase(false, prefix);
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of the new database (with the user of {@link RealServices}' URL). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    private String serverUrl(String database) {
        return postgres ? RealServices.POSTGRES_JDBC.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database)
                : RealServices.MARIADB_JDBC.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(serverUrl(postgres ? "postgres" : ""));
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("'" + sql + "' failed on " + (postgres ? "PostgreSQL" : "MariaDB") + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + (postgres ? " WITH (FORCE)" : ""));
    }
}
