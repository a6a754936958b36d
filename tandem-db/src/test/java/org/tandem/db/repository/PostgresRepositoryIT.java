package org.tandem.db.repository;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** The repository contract on a real PostgreSQL, in a fresh database dropped afterwards. */
@ServicesTest
class PostgresRepositoryIT extends RepositoryContract {
    private final String name = "tandem_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** The admin URL: RealServices' server, database {@code postgres}. */
    static String adminUrl() {
        return RealServices.POSTGRES_JDBC.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
    }

    @Override
    protected Database openEmptyDatabase() throws Exception {
        RealServices.requirePostgres();
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = adminUrl().replaceFirst("/postgres", "/" + name);
        return Database.open(ConnectionUrl.parse(url, null), 3, clock);
    }

    @Override
    protected void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
