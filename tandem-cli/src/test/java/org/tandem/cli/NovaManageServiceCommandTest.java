package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.Database;
import org.tandem.db.SchemaManager;
import org.tandem.db.repository.ServiceRepository;
import org.tandem.db.repository.ServiceRow;

/** {@code nova-manage service list}: releases, service versions, RPC versions, up/down and forced_down. */
class NovaManageServiceCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryServiceWithItsReleaseAndRpcVersions() {
        String url = "jdbc:h2:file:" + dir.resolve("nova");
        try (Database db = Database.open(url, dir)) {
            new SchemaManager(db).sync();
            ServiceRepository services = new ServiceRepository(db);
            services.heartbeat(services.create("controller", "nova-conductor", "conductor", 2).id());
            services.heartbeat(services.create("compute1", "nova-compute", "compute", 1).id());
            ServiceRow gone = services.create("compute2", "nova-compute", "compute", 2);
            services.setForcedDown(gone.id(), true);
            ServiceRow stale = services.create("compute3", "nova-compute", "compute", 0);
            db.jdbc().update("UPDATE services SET last_seen_up = ?, updated_at = ?, created_at = ? WHERE id = ?",
                    Instant.now().minusSeconds(3600), Instant.now().minusSeconds(3600), Instant.now().minusSeconds(3600),
                    stale.id());
        }
        NovaManageCommandTest.Result r = NovaManageCommandTest.run("service", "list", "--database-connection", url);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Binary").contains("Host").contains("State").contains("Release")
                .contains("Forced_Down").endsWith("RPC");
        assertThat(line(lines, "controller")).contains("nova-conductor").contains("internal").contains(":-)")
                .contains("kilo").contains("conductor 2.1 compute_task 1.11");
        assertThat(line(lines, "compute1")).contains("nova-compute").contains("enabled").contains(":-)")
                .contains(" juno ").contains(" false ").endsWith("compute 3.35");
        assertThat(line(lines, "compute2")).contains("XXX").contains(" true ").endsWith("compute 3.40,4.0");
        assertThat(line(lines, "compute3")).contains("XXX").contains("unknown").endsWith("-");
        assertThat(column(lines, "controller", "Version")).isEqualTo("2");
        assertThat(column(lines, "compute1", "Version")).isEqualTo("1");
        assertThat(column(lines, "compute2", "Version")).isEqualTo("2");
        assertThat(column(lines, "compute3", "Version")).as("no recorded version").isEqualTo("0");
        assertThat(column(lines, "compute1", "Release")).isEqualTo("juno");
        assertThat(column(lines, "compute2", "Forced_Down")).isEqualTo("true");

        NovaManageCommandTest.Result one = NovaManageCommandTest.run("service", "list", "--host", "compute1",
                "--database-connection", url);
        assertThat(one.out().lines()).hasSize(2);
    }

    @Test
    void aMixedAllInOnesServicesAreListedWithTheReleasesTheyRun() {
        org.tandem.config.Config config = org.tandem.config.Config.defaults(org.tandem.config.OptionRegistry.installed())
                .withOverride(org.tandem.config.CommonOptions.STATE_PATH, dir.toString());
        try (org.tandem.launcher.AllInOne cloud = org.tandem.launcher.AllInOne.start(config,
                new org.tandem.launcher.AllInOne.Options(2, org.tandem.compute.driver.FakeDriverSpec.of(4, 8192, 100),
                        "127.0.0.1", 0, 0, List.of(org.tandem.version.Release.JUNO, org.tandem.version.Release.KILO)))) {
            NovaManageCommandTest.Result r = NovaManageCommandTest.run("service", "list", "--database-connection",
                    cloud.database().url().jdbcUrl());
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(5);
            assertThat(column(lines, "compute1", "Release")).isEqualTo("juno");
            assertThat(column(lines, "compute1", "Version")).isEqualTo("1");
            assertThat(line(lines, "compute1")).contains(":-)").endsWith("compute 3.35");
            assertThat(column(lines, "compute2", "Release")).isEqualTo("kilo");
            assertThat(column(lines, "compute2", "Version")).isEqualTo("2");
            assertThat(line(lines, "compute2")).contains(":-)").endsWith("compute 3.40,4.0");
            assertThat(lines.stream().filter(l -> l.startsWith("nova-conductor") || l.startsWith("nova-scheduler")))
                    .hasSize(2).allSatisfy(l -> assertThat(l).contains(" kilo ").contains(":-)"));
        }
    }

    /** The value under {@code header} in the row of {@code host} (columns are fixed-width, aligned to the header). */
    static String column(List<String> lines, String host, String header) {
        String head = lines.get(0);
        int from = head.indexOf(header);
        assertThat(from).as("column " + header + " in " + head).isNotNegative();
        int to = from + header.length();
        while (to < head.length() && head.charAt(to) == ' ') {
            to++;
        }
        String row = line(lines, host);
        return row.substring(from, Math.min(to == head.length() ? row.length() : to, row.length())).strip();
    }

    private static String line(List<String> lines, String host) {
        return lines.stream().filter(l -> l.contains(" " + host + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no line for " + host + " in " + lines));
    }

}
