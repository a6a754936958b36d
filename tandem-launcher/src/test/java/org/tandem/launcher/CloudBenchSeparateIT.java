package org.tandem.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;
import picocli.CommandLine;

/**
 * {@code cloud-bench --separate} end to end on RabbitMQ and PostgreSQL, small: the figures are
 * printed, every service JVM is gone afterwards and the fresh database is dropped.
 */
@ServicesTest
class CloudBenchSeparateIT {
    @Test
    void bootsAndDeletesOnSeparateJvmsThenCleansUp() throws Exception {
        RealServices.requireRabbitMq();
        RealServices.requirePostgres();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new CloudBench()).execute("--separate", "--transport-url", RealServices.RABBIT_URL,
                    "--database-connection", "postgresql://postgres@127.0.0.1:5432/tandem_bench_it",
                    "--instances", "6", "--computes", "2", "--clients", "3", "--timeout", "180");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("5 JVMs up", "create: 6 accepted", "builds/s", "p99", "all gone", "load average");
        Matcher m = Pattern.compile("database (tandem_bench_it_[0-9a-f]+) dropped").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("service JVMs stopped")
                .isEmpty();
        try (Connection c = DriverManager.getConnection(PostgresCloudIT.adminUrl()); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + m.group(1) + "'")) {
            r.next();
            assertThat(r.getInt(1)).as("database %s dropped", m.group(1)).isZero();
        }
    }
}
