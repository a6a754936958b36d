package org.tandem.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.repository.ServiceRepository;

/**
 * The embedded default database can be shared by several processes (AUTO_SERVER): while this JVM
 * holds it open, a second JVM registers a service in it and this JVM sees the row.
 */
class SharedH2FileTest {
    @TempDir
    Path state;

    /** Entry point of the second process: registers a service in the default H2 database under args[0]. */
    public static void main(String[] args) {
        try (Database db = Database.open(null, Path.of(args[0]))) {
            new ServiceRepository(db).create(args[1], "nova-compute", "compute", 1);
            System.out.println("registered " + args[1]);
        }
    }

    @Test
    void aSecondProcessWritesWhileThisOneHoldsTheFile() throws Exception {
        try (Database db = Database.open(ConnectionUrl.parse(null, state), 2, Clock.systemUTC())) {
            new SchemaManager(db).sync();
            ServiceRepository services = new ServiceRepository(db);
            services.create("first", "nova-compute", "compute", 1);

            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SharedH2FileTest.class.getName(),
                    state.toString(), "second").redirectErrorStream(true).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("second process finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("registered second");

            assertThat(services.getByHostAndBinary("second", "nova-compute").topic()).isEqualTo("compute");
            assertThat(services.list(org.tandem.db.repository.ListQuery.all()))
                    .extracting(r -> r.host()).containsExactlyElementsOf(List.of("first", "second"));
        }
    }
}
