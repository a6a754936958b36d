package org.tandem.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The services profile's first check: every real service answers, and answers as expected. */
@ServicesTest
class ServicesPreflightIT {

    @Test
    void rabbitMqAcceptsGuestLogin() throws Exception {
        RealServices.requireRabbitMq();
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        try (var connection = factory.newConnection("tandem-preflight")) {
            assertThat(connection.getServerProperties().get("product").toString()).isEqualTo("RabbitMQ");
        }
    }

    @Test
    void postgresAnswersQueries() throws Exception {
        RealServices.requirePostgres();
        assertThat(selectOne(RealServices.POSTGRES_JDBC)).isEqualTo(1);
    }

    @Test
    void mariaDbAnswersQueries() throws Exception {
        RealServices.requireMariaDb();
        assertThat(selectOne(RealServices.MARIADB_JDBC)).isEqualTo(1);
    }

    @Test
    void pythonOsloPeersAreInstalled() {
        RealServices.requirePython("oslo_messaging", "python3-oslo.messaging");
        RealServices.requirePython("oslo_versionedobjects", "python3-oslo.versionedobjects");
    }

    private static int selectOne(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
