package org.tandem.db.repository;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** The repository contract on a real MariaDB, in a fresh database dropped afterwards. */
@ServicesTest
class MariaDbRepositoryIT extends RepositoryContract {
    private final String name = "tandem_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    /** RealServices' server without a database in the path. */
    static String serverUrl(String database) {
        return RealServices.MARIADB_JDBC.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
    }

    @Override
    protected Database openEmptyDatabase() throws Exception {
        RealServices.requireMariaDb();
        try (Connection c = DriverManager.getConnection(serverUrl("")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
        return Database.open(ConnectionUrl.parse(serverUrl(name), null), 3, clock);
    }

    @Override
    protected void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(serverUrl("")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
