package org.tandem.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/** The separate-process cloud on RabbitMQ and PostgreSQL. */
@ServicesTest
class PostgresCloudIT extends CloudOnRealServicesContract {
    private final String name = "tandem_cloud_it_" + run;
    private boolean created;

    static String adminUrl() {
        return RealServices.POSTGRES_JDBC.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
    }

    @Override
    protected String createDatabase() throws Exception {
        RealServices.requirePostgres();
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        created = true;
        return adminUrl().replaceFirst("/postgres", "/" + name);
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (created) {
            try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Override
    protected String prefix() {
        return "tandemitpg";
    }
}
