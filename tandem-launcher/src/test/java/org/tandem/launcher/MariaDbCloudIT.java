package org.tandem.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** The separate-process cloud on RabbitMQ and MariaDB. */
@ServicesTest
class MariaDbCloudIT extends CloudOnRealServicesContract {
    private final String name = "tandem_cloud_it_" + run;
    private boolean created;

    static String serverUrl(String database) {
        return RealServices.MARIADB_JDBC.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
    }

    @Override
    protected String createDatabase() throws Exception {
        RealServices.requireMariaDb();
        try (Connection c = DriverManager.getConnection(serverUrl("")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
        created = true;
        return serverUrl(name);
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (created) {
            try (Connection c = DriverManager.getConnection(serverUrl("")); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Override
    protected String prefix() {
        return "tandemitmaria";
    }
}
