package org.tandem.benchmarks.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report of several rounds: medians, and every round's value beside them. */
class RpcBenchmarkReportTest {

    private static RpcBenchmark.Row row(String name, long count) {
        return new RpcBenchmark.Row(name, count, 1.0, 0.1, 0.2);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(RpcBenchmark.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(RpcBenchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(RpcBenchmark.median(List.of(7.0))).isEqualTo(7.0);
    }

    @Test
    void eachRatioIsTheMedianOfItsRoundsNotTheRatioOfMedians() {
        // per-round ratios 0.10, 1.125, 1.50: median 1.125; the ratio of the median throughputs would be 900/1000
        List<List<RpcBenchmark.Row>> rounds = List.of(
                List.of(row("tandem call seq small", 100), row("raw call seq small", 1000)),
                List.of(row("tandem call seq small", 900), row("raw call seq small", 800)),
                List.of(row("tandem call seq small", 3000), row("raw call seq small", 2000)));
        String out = capture(() -> RpcBenchmark.printRatios(rounds));
        assertThat(out).contains("Tandem/raw seq small (target >= 0.8)").contains("1.13  [0.10 1.13 1.50]")
                .doesNotContain("0.90");
        // ratios whose rows were not measured (no oslo, no casts here) are left out, not printed as NaN
        assertThat(out).doesNotContain("casts").doesNotContain("NaN");
    }

    @Test
    void oneRoundPrintsNoBracketedRounds() {
        String out = capture(() -> RpcBenchmark.printRatios(List.of(
                List.of(row("tandem call c8 small", 800), row("raw call c8 small", 1000)))));
        assertThat(out).contains("Tandem/raw c8 small (target >= 0.8)").contains("0.80").doesNotContain("[");
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
