package org.tandem.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link HtmlReport} on a real {@code tandem drill --quick --report} file (a passing run of
 * 2026-12-06) with edits so every part of the page is exercised: the check
 * {@code no_failed_requests} fails (one failed request in Step 6, one load failure); a
 * {@code chaos} entry as {@code --chaos} writes it, with its kills among the service events
 * (compute2's stop before its upgrade is a {@code kill}, conductor2 is killed and started again in
 * Step 4a); and the output of {@code nova-status upgrade check} carries a {@code <script>} element
 * and quotes.
 */
class HtmlReportTest {
    static final List<String> SERVICES = List.of("api", "scheduler", "conductor1", "conductor2", "compute1",
            "compute2", "compute3");
    static final List<String> STEPS = List.of("setup", "0", "1", "2", "3a", "3b", "4a", "4b", "5.1", "5.2", "5.3",
            "6", "7", "end");
    private static final Pattern LANE = Pattern.compile("<g class=\"lane\" data-service=\"([^\"]+)\">(.*?)</g>\n",
            Pattern.DOTALL);

    static JsonNode fixture() throws IOException {
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("drill-report.json")) {
            return ApiClient.JSON.readTree(in);
        }
    }

    @Test
    void everyServiceHasALaneWithItsReleasesInOrder() throws Exception {
        String page = HtmlReport.render(fixture());
        List<String> lanes = new ArrayList<>();
        Matcher m = LANE.matcher(page);
        while (m.find()) {
            lanes.add(m.group(1));
            List<String> releases = new ArrayList<>();
            Matcher r = Pattern.compile("<g class=\"run\" data-release=\"(\\w+)\">").matcher(m.group(2));
            while (r.find()) {
                releases.add(r.group(1));
            }
            assertThat(releases).as("runs of %s", m.group(1)).startsWith("juno").endsWith("kilo");
            assertThat(releases.subList(1, releases.size())).as("after its first run %s is kilo", m.group(1))
                    .containsOnly("kilo");
            assertThat(m.group(2)).as("%s's lane", m.group(1)).contains("<text class=\"lane-label\"")
                    .contains("class=\"starting\"").contains("<title>" + m.group(1) + ": SIGHUP at ");
        }
        assertThat(lanes).as("lanes top to bottom").isEqualTo(SERVICES);
    }

    @Test
    void killsAreMarkedOnTheKilledServicesAndChaosFaultsListed() throws Exception {
        String page = HtmlReport.render(fixture());
        Matcher m = LANE.matcher(page);
        while (m.find()) {
            assertThat(count(m.group(2), "<g class=\"kill\">")).as("kill markers in %s's lane", m.group(1))
                    .isEqualTo(List.of("compute2", "conductor2").contains(m.group(1)) ? 1 : 0);
        }
        assertThat(page).contains("compute2 killed (SIGKILL) at 45.1 s")
                .contains("conductor2 killed (SIGKILL) at 30.5 s")
                .contains("<dt>chaos</dt><dd>4 faults, seed 4242 (replay with --chaos-seed 4242)</dd>");
        assertThat(count(page, "<rect class=\"fault\"")).isEqualTo(4);
        assertThat(page).contains("<title>step 6: broker restart: embedded broker on port 44969 stopped for 2 s and "
                + "started again (its queues start empty) (3.2 s)</title>")
                .contains("<td class=\"id\">4a</td><td>kill_conductor</td><td>kill -9 conductor2, started again as "
                        + "kilo</td><td class=\"n\">4.1</td>");
    }

    @Test
    void everyStepIsABandATableRowAndHasItsCommands() throws Exception {
        String page = HtmlReport.render(fixture());
        for (String step : STEPS) {
            assertThat(page).contains("<g class=\"step\" data-step=\"" + step + "\">")
                    .contains("<tr data-step=\"" + step + "\"><td class=\"id\">" + step + "</td>");
        }
        assertThat(count(page, "<g class=\"step\"")).isEqualTo(STEPS.size());
        // Step 4a: 84 requests in 6.0 s, 24 conductor backports; Step 7: 10 rows migrated
        assertThat(page).contains("<span>14</span>").contains("<td class=\"n\">24</td>")
                .contains("<tfoot><tr><td>all</td>").contains("<td class=\"n\">10</td><td class=\"notes\">");
        assertThat(page).contains("<section class=\"cmds\" data-step=\"7\"><h3>Step 7: migrate_flavor_data "
                + "--max-number 10 to zero</h3>").contains("$ nova-manage migrate_flavor_data --max-number 10</span>\n"
                + "0 instances matched query, 0 completed</pre>");
        assertThat(count(page, "<pre class=\"cmd\">")).isEqualTo(fixture().path("commands").size());
    }

    @Test
    void failedChecksAndFailuresAreShownAsSuch() throws Exception {
        String page = HtmlReport.render(fixture());
        assertThat(page).contains("<title>Tandem drill: FAILED</title>")
                .contains("<span class=\"verdict fail\">FAILED</span>")
                .contains("<dt>checks</dt><dd>8 of 9 passed, 1 failed</dd>")
                .contains("<tr class=\"fail\"><td class=\"result\">FAIL</td><td class=\"name\">no_failed_requests</td>"
                        + "<td>1 failed request(s), 1 failure(s) in the load: [show load-0-12: GET /servers/5f0c "
                        + "answered 500 &lt;html&gt;&lt;body&gt;Internal Server Error&lt;/body&gt;&lt;/html&gt;]</td>")
                .contains("<td class=\"n bad\">1</td>")
                .contains("<rect class=\"bar failed\"");
        assertThat(count(page, "<tr class=\"pass\"><td class=\"result\">PASS</td>")).isEqualTo(8);
    }

    @Test
    void textIsEscapedAndThePageFetchesNothing() throws Exception {
        String page = HtmlReport.render(fixture());
        assertThat(page).contains("| Details: &lt;script&gt;alert(&#39;drill&#39;)&lt;/script&gt; &amp; "
                + "&quot;more&quot;   |");
        assertThat(page.toLowerCase(java.util.Locale.ROOT)).doesNotContain("<script").doesNotContain("<link")
                .doesNotContain("src=").doesNotContain("href=").doesNotContain("url(").doesNotContain("@import")
                .doesNotContain("<iframe").doesNotContain("<img");
        assertThat(HtmlReport.esc("<a href=\"x\">'&'</a>")).isEqualTo(
                "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    @Test
    void everyShapeOfTheTimelineLiesOnThePlot() throws Exception {
        String page = HtmlReport.render(fixture());
        String svg = page.substring(page.indexOf("<svg class=\"timeline\""), page.indexOf("</svg>"));
        Matcher m = Pattern.compile("<rect class=\"([^\"]+)\" x=\"([-\\d.]+)\" y=\"[-\\d.]+\" width=\"([-\\d.]+)\"")
                .matcher(svg);
        int rects = 0;
        while (m.find()) {
            double x = Double.parseDouble(m.group(2));
            double w = Double.parseDouble(m.group(3));
            assertThat(x).as("x of a %s", m.group(1)).isBetween(118.0, 1264.0);
            assertThat(x + w).as("right edge of a %s", m.group(1)).isBetween(118.0, 1264.1);
            assertThat(w).as("width of a %s", m.group(1)).isPositive();
            rects++;
        }
        assertThat(rects).isGreaterThan(60);
        // the drill took 61.1 s on a plot 1146 px wide: kilo compute3 is up from 59.9 s
        assertThat(svg).contains("<rect class=\"release\" x=\"1241.5\"");
    }

    @Test
    void aReportWithoutServiceEventsOrStepOffsetsStillRenders() throws Exception {
        ObjectNode old = (ObjectNode) fixture();
        old.remove("services");
        old.path("steps").forEach(s -> ((ObjectNode) s).remove("started_s"));
        String page = HtmlReport.render(old);
        assertThat(page).contains("no service events").doesNotContain("<g class=\"lane\"");
        assertThat(count(page, "<g class=\"step\"")).isEqualTo(STEPS.size());
        // offsets summed from the durations: setup 17.9 s, so Step 0 starts at 17.9 s
        assertThat(page).contains("<title>step 0: add a conductor worker (17.9 s + 1.7 s)</title>");
    }

    @Test
    void aServiceNeverSeenUpIsDrawnStartingOnly() throws Exception {
        JsonNode r = ApiClient.JSON.readTree("""
                {"seconds": 10, "passed": false, "steps": [{"id": "setup", "title": "t", "started_s": 0, "seconds": 10}],
                 "services": [{"name": "api", "events": [{"at_s": 1, "event": "start", "release": "juno"},
                                                         {"at_s": 2, "event": "up"}]},
                              {"name": "compute1", "events": [{"at_s": 1, "event": "start", "release": "juno"}]}]}
                """);
        String page = HtmlReport.render(r);
        assertThat(page).contains("<title>compute1 starting as juno: 1 to 10 s (never seen up)</title>")
                .contains("<title>api juno: serving 2 to the end</title>")
                .doesNotContain("<title>compute1 juno: serving");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
