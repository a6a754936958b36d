package org.tandem.launcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tandem.compute.driver.FakeDriverSpec;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.indirection.BackportMetrics;
import org.tandem.version.Release;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tools/bench/mixed-bench}: the cost of a mixed-version cluster (the upgrade guide's Step 0
 * question). In one run, rounds of three modes, each on a fresh all-in-one cloud in this JVM:
 * <ul>
 * <li>{@code all-kilo}: every compute kilo, no pin (the baseline);</li>
 * <li>{@code mixed-receiver}: half the computes juno, {@code compute = juno},
 *     {@code backport_on_send = false}: juno computes ask nova-conductor to backport (Nova's way);</li>
 * <li>{@code mixed-sender}: the same with {@code backport_on_send = true}: senders write juno's
 *     versions for juno hosts, no conductor round trip.</li>
 * </ul>
 * A discarded warm-up run comes first and each round rotates the order of the modes. Prints
 * builds/s, create p50/p99, conductor backports and conductor CPU (CPU time of the conductor's RPC
 * worker threads) per mode as medians over the rounds, and each mode's builds/s as a ratio of all-kilo.
 */
@Command(name = "mixed-bench", mixinStandardHelpOptions = true,
        description = "Boots N instances on an all-kilo cloud and on a half-juno cloud with receiver-side and with "
                + "sender-side backports, and prints the cost of each mode against all-kilo.")
public final class MixedBench implements Callable<Integer> {
    @Option(names = "--instances", defaultValue = "1000", description = "Instances per mode and round (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--computes", defaultValue = "10", description = "Fake compute hosts, half of them juno in the mixed modes "
            + "(default ${DEFAULT-VALUE}).")
    int computes;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent API clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds of the three modes; medians are reported "
            + "(default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for ACTIVE / gone (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    record Mode(String name, boolean mixed, boolean backportOnSend) {
    }

    record Sample(double buildsPerSecond, double p50, double p99, long conductorBackports, long senderBackports,
            double conductorCpuSeconds) {
    }

    static final List<Mode> MODES = List.of(new Mode("all-kilo", false, true), new Mode("mixed-receiver", true, false),
            new Mode("mixed-sender", true, true));

    @Override
    public Integer call() throws Exception {
        int perHost = Math.max(16, (instances + computes - 1) / computes * 2);
        FakeDriverSpec spec = FakeDriverSpec.of(perHost, perHost * 1024, perHost * 10);
        System.out.printf(Locale.ROOT, "mixed-bench: %d instances per run on %d computes (%d juno in the mixed modes), "
                + "%d API clients, %d round(s) of %s%n", instances, computes, computes / 2, clients, rounds,
                MODES.stream().map(Mode::name).toList());
        // One discarded warm-up run (the JIT makes the first runs in a JVM slower), then each round runs
        // the modes in a rotated order so that no mode always profits from the runs before it.
        System.out.printf(Locale.ROOT, "%n== warm-up (discarded), %s%n", MODES.get(0).name());
        run(MODES.get(0), spec);
        Map<Mode, List<Sample>> samples = new LinkedHashMap<>();
        for (Mode m : MODES) {
            samples.put(m, new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < MODES.size(); k++) {
                Mode m = MODES.get((k + round - 1) % MODES.size());
                System.out.printf(Locale.ROOT, "%n== round %d, %s%n", round, m.name());
                samples.get(m).add(run(m, spec));
            }
        }
        double base = median(samples.get(MODES.get(0)), Sample::buildsPerSecond);
        System.out.printf(Locale.ROOT, "%n%-15s %9s %8s %9s %9s %12s %12s %14s%n", "mode", "builds/s", "ratio",
                "p50 ms", "p99 ms", "conductor bp", "sender bp", "conductor CPU s");
        for (Mode m : MODES) {
            List<Sample> s = samples.get(m);
            double bps = median(s, Sample::buildsPerSecond);
            System.out.printf(Locale.ROOT, "%-15s %9.1f %8.2f %9.1f %9.1f %12.0f %12.0f %14.2f%n", m.name(), bps,
                    bps / base, median(s, Sample::p50), median(s, Sample::p99),
                    median(s, x -> (double) x.conductorBackports()), median(s, x -> (double) x.senderBackports()),
                    median(s, Sample::conductorCpuSeconds));
        }
        System.out.println("ratio = builds/s of the mode / builds/s of all-kilo (medians of " + rounds + " round(s)); "
                + "target for mixed-sender: at least 0.91 (within 1.1x of all-kilo).");
        return 0;
    }

    private Sample run(Mode mode, FakeDriverSpec spec) throws Exception {
        Path state = Files.createTempDirectory("tandem-mixed-bench-");
        Config config = Config.loader().load().withOverride(CommonOptions.STATE_PATH, state.toString())
                .withOverride(CommonOptions.UPGRADE_LEVELS_BACKPORT_ON_SEND, mode.backportOnSend());
        List<Release> releases = List.of();
        if (mode.mixed()) {
            config = config.withOverride(CommonOptions.UPGRADE_LEVELS_COMPUTE, "juno");
            releases = List.of(Release.JUNO, Release.KILO);
        }
        long conductor0 = BackportMetrics.total("conductor");
        long sender0 = BackportMetrics.total("sender");
        try (AllInOne cloud = AllInOne.start(config, new AllInOne.Options(computes, spec, "127.0.0.1", 0, 0, releases))) {
            double cpu0 = conductorCpuSeconds();
            CloudBench.Result r = CloudBench.against(cloud.apiUrl(), BenchTokens.issue(cloud.database()), instances,
                    clients, timeoutSeconds).workload();
            double cpu = conductorCpuSeconds() - cpu0;
            long conductor = BackportMetrics.total("conductor") - conductor0;
            long sender = BackportMetrics.total("sender") - sender0;
            System.out.printf(Locale.ROOT, "backports: %d by nova-conductor (object_backport), %d by senders; "
                    + "conductor worker CPU %.2f s%n", conductor, sender, cpu);
            return new Sample(r.buildsPerSecond(), r.createP50Ms(), r.createP99Ms(), conductor, sender, cpu);
        } finally {
            SeparateCloud.deleteTree(state);
        }
    }

    /** CPU time of the conductor's RPC worker threads (named tandem-rpc-conductor-*) still alive. */
    static double conductorCpuSeconds() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("tandem-rpc-conductor-")) {
                long c = mx.getThreadCpuTime(t.getId());
                if (c > 0) {
                    nanos += c;
                }
            }
        }
        return nanos / 1e9;
    }

    private static double median(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        List<Double> v = new ArrayList<>();
        for (Sample x : s) {
            v.add(f.applyAsDouble(x));
        }
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MixedBench()).execute(args));
    }
}
