package org.tandem.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.cli.TandemCommand;

/**
 * {@code tandem drill --quick} end to end: seven service JVMs on the embedded broker and an H2 file
 * go from juno to kilo through the upgrade guide's steps under API load and {@code --chaos} faults
 * (kill -9 of a conductor and of a compute mid-upgrade, a broker restart), and every check of the
 * report holds (the product's strongest test).
 */
class DrillIT {
    @TempDir
    Path dir;

    @Test
    void quickDrillPassesEveryCheck() throws Exception {
        runAndAssertPassed(dir);
    }

    /** Runs {@code tandem drill --quick ARGS} and asserts its report: every check, every step, the Step 7 lines. */
    static void runAndAssertPassed(Path dir, String... args) throws Exception {
        Path report = dir.resolve("drill.json");
        Path page = dir.resolve("drill.html");
        List<String> all = new ArrayList<>(List.of("drill", "--quick", "--report", report.toString(), "--html",
                page.toString()));
        // faults on, at random steps (the seed is printed; -Dtandem.drill.chaosSeed=N replays a run)
        String seed = System.getProperty("tandem.drill.chaosSeed");
        all.addAll(seed == null || seed.isBlank() ? List.of("--chaos") : List.of("--chaos-seed", seed));
        all.addAll(List.of(args));
        int rc = TandemCommand.newCommandLine().execute(all.toArray(String[]::new));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.path("checks").size()).as("checks in %s", r).isEqualTo(9);
        r.path("checks").fields().forEachRemaining(c -> assertThat(c.getValue().path("passed").asBoolean())
                .as("check %s: %s", c.getKey(), c.getValue().path("detail").asText()).isTrue());
        assertThat(rc).as("exit code of a passing drill").isZero();
        JsonNode faults = r.path("chaos").path("faults");
        assertThat(faults.size()).as("faults injected: %s", r.path("chaos")).isEqualTo(4);
        faults.forEach(f -> assertThat(f.path("detail").asText()).as("fault %s", f).doesNotStartWith("FAILED"));
        assertThat(r.path("passed").asBoolean()).isTrue();

        List<String> steps = new ArrayList<>();
        r.path("steps").forEach(s -> steps.add(s.path("id").asText()));
        assertThat(steps).containsSubsequence("setup", "0", "1", "2", "3a", "3b", "4a", "4b", "5.1", "5.2", "5.3",
                "6", "7", "end");
        int requests = 0;
        int migrated = 0;
        for (JsonNode s : r.path("steps")) {
            requests += s.path("requests").asInt();
            migrated += s.path("rows_migrated").asInt();
            assertThat(s.path("failed_requests").asInt()).as("failed requests in step %s", s.path("id")).isZero();
        }
        assertThat(requests).as("the load ran").isGreaterThan(50);
        assertThat(migrated).as("Step 7 migrated the juno instances' flavors").isGreaterThan(0);

        List<String> migrateOutputs = new ArrayList<>();
        r.path("commands").forEach(c -> {
            if (c.path("command").asText().equals("nova-manage migrate_flavor_data --max-number 10")) {
                migrateOutputs.add(c.path("stdout").asText().trim());
            }
        });
        assertThat(migrateOutputs).allMatch(l -> l.matches("\\d+ instances matched query, \\d+ completed"));
        assertThat(migrateOutputs.get(migrateOutputs.size() - 1)).isEqualTo("0 instances matched query, 0 completed");

        // the lanes of the --html page: each service started as juno, ended as kilo, in time order
        double previous = -1;
        for (JsonNode s : r.path("steps")) {
            assertThat(s.path("started_s").asDouble()).as("start of step %s", s.path("id")).isGreaterThan(previous);
            previous = s.path("started_s").asDouble();
        }
        List<String> services = new ArrayList<>();
        for (JsonNode s : r.path("services")) {
            services.add(s.path("name").asText());
            List<String> releases = new ArrayList<>();
            s.path("events").forEach(e -> releases.add(e.path("release").asText()));
            releases.removeIf(String::isEmpty);
            assertThat(releases).as("releases %s started as", s.path("name")).startsWith("juno").endsWith("kilo");
        }
        assertThat(services).containsExactlyInAnyOrderElementsOf(HtmlReportTest.SERVICES);
        assertThat(java.nio.file.Files.readString(page)).contains("<g class=\"lane\" data-service=\"compute3\">");
    }
}
