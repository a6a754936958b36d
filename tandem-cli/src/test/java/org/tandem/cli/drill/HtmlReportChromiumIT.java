package org.tandem.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tandem.testing.RealServices;
import org.tandem.testing.ServicesTest;

/**
 * The {@code --html} page of the report fixture ({@link HtmlReportTest#fixture}) opened from disk in
 * a real headless Chromium (Debian's package): what the browser built from it ({@code --dump-dom})
 * and what it painted ({@code --screenshot}, kept as {@code target/drill-html/drill.png} to look at).
 */
@ServicesTest
class HtmlReportChromiumIT {
    private static final Path DIR = Path.of("target", "drill-html").toAbsolutePath();
    private static final Path PAGE = DIR.resolve("drill.html");
    private static final Path SHOT = DIR.resolve("drill.png");
    private static String source;

    @BeforeAll
    static void renderPage() throws IOException {
        RealServices.requireChromium();
        Files.createDirectories(DIR);
        source = HtmlReport.render(HtmlReportTest.fixture());
        Files.writeString(PAGE, source, StandardCharsets.UTF_8);
    }

    @Test
    void theBrowsersDomHasEveryLaneStepAndCheck() throws Exception {
        String dom = chromium("--dump-dom", PAGE.toUri().toString());
        assertThat(dom).as("Chromium's DOM of %s", PAGE).contains("<svg class=\"timeline\"");
        for (String lane : HtmlReportTest.SERVICES) {
            assertThat(dom).contains(">" + lane + "</text>");
        }
        // a band is labelled with its release where it is wide enough (conductor2's juno half a second is not)
        assertThat(count(dom, "<g class=\"run\" data-release=\"juno\">")).as("juno bands").isEqualTo(7);
        assertThat(count(dom, "<text class=\"release-label\"[^>]*>juno</text>")).as("juno labels").isEqualTo(6);
        assertThat(count(dom, "<text class=\"release-label\"[^>]*>kilo</text>")).as("kilo labels").isGreaterThan(14);
        for (String step : HtmlReportTest.STEPS) {
            assertThat(dom).contains("<text class=\"step-label\"").contains(">" + step + "</text>");
        }
        assertThat(dom).containsPattern("<td class=\"result\">FAIL</td><td class=\"name\">no_failed_requests</td>");
        assertThat(count(dom, "<td class=\"result\">PASS</td>")).isEqualTo(8);
        assertThat(count(dom, "<g class=\"kill\">")).as("kill markers").isEqualTo(2);
        assertThat(count(dom, "<rect class=\"fault\"")).as("chaos faults on the time axis").isEqualTo(4);
        assertThat(dom).contains(">broker restart</text>").contains("<td>kill_compute_mid_upgrade</td>");
        // the command output's <script> stayed text: the browser made no script element of it
        assertThat(dom).doesNotContainPattern("(?i)<script").contains("&lt;script&gt;alert('drill')&lt;/script&gt;");
        // every SVG shape of the page is in the browser's DOM (none swallowed by a parse error)
        for (String shape : List.of("<rect", "<text", "<line", "<path", "<g ", "<svg")) {
            assertThat(count(dom, Pattern.quote(shape))).as("%s elements", shape).isEqualTo(count(source,
                    Pattern.quote(shape))).isPositive();
        }
    }

    @Test
    void theScreenshotShowsJunoGivingWayToKilo() throws Exception {
        Files.deleteIfExists(SHOT);
        chromium("--screenshot=" + SHOT, "--window-size=1400,1800", PAGE.toUri().toString());
        assertThat(SHOT).exists();
        assertThat(Files.size(SHOT)).as("bytes of %s", SHOT).isBetween(20_000L, 5_000_000L);
        BufferedImage img = ImageIO.read(SHOT.toFile());
        assertThat(img.getWidth()).isEqualTo(1400);
        Colour juno = Colour.count(img, HtmlReport.RELEASE_COLOURS.get("juno"));
        Colour kilo = Colour.count(img, HtmlReport.RELEASE_COLOURS.get("kilo"));
        assertThat(juno.pixels).as("juno-coloured pixels").isGreaterThan(5_000);
        assertThat(kilo.pixels).as("kilo-coloured pixels").isGreaterThan(5_000);
        assertThat(juno.meanX()).as("juno is drawn left of (before) kilo").isLessThan(kilo.meanX());
        assertThat(Colour.count(img, "#c62828").pixels).as("red of FAILED and the FAIL row").isGreaterThan(200);
    }

    /** Pixels of one exact colour and the sum of their x. */
    private record Colour(long pixels, long sumX) {
        static Colour count(BufferedImage img, String hex) {
            int rgb = Integer.parseInt(hex.substring(1), 16);
            long n = 0;
            long sx = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                        n++;
                        sx += x;
                    }
                }
            }
            return new Colour(n, sx);
        }

        double meanX() {
            return pixels == 0 ? Double.NaN : (double) sumX / pixels;
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Runs headless Chromium (own profile under target/, no GPU, no sandbox: CI runs as root); returns stdout. */
    private static String chromium(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealServices.CHROMIUM, "--headless", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--user-data-dir=" + DIR.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        Path err = DIR.resolve("chromium.log");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 120 s").isTrue();
        assertThat(p.exitValue()).as("exit of %s; stderr in %s", cmd, err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
