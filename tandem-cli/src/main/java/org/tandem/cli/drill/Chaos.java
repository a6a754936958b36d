package org.tandem.cli.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code tandem drill --chaos}: which faults hit the drill and where, drawn from a seed (printed, and
 * given back with {@code --chaos-seed} to replay a run). Each fault lands at the start of a step
 * chosen at random among those where it hurts, after a random delay, while the load runs:
 * <ul>
 * <li>{@link Fault#KILL_CONDUCTOR}: kill -9 one of the two conductors, start it again after 1-3 s;
 * <li>{@link Fault#RESTART_BROKER}: stop the broker for a few seconds (the embedded one in this JVM,
 *     or RabbitMQ on this machine with {@code rabbitmqctl stop_app} / {@code start_app});
 * <li>{@link Fault#RESTART_DATABASE}: restart PostgreSQL ({@code pg_ctlcluster}) or MariaDB
 *     ({@code mysqladmin shutdown}, then {@code mariadbd} started again); the embedded H2 has no server
 *     of its own to restart (this JVM serves the file), so the fault is recorded as not applicable;
 * <li>{@link Fault#KILL_COMPUTE_MID_UPGRADE}: in Step 5, one compute is killed with kill -9 instead of
 *     being stopped, and comes back as kilo.
 * </ul>
 */
final class Chaos {
    enum Fault {
        KILL_CONDUCTOR("kill -9 a conductor, start it again"),
        RESTART_BROKER("restart the message broker"),
        RESTART_DATABASE("restart the database server"),
        KILL_COMPUTE_MID_UPGRADE("kill -9 a compute mid-upgrade, bring it back as kilo");

        final String what;

        Fault(String what) {
            this.what = what;
        }
    }

    /** The steps each fault may hit (it hits one of them). */
    private static final Map<Fault, List<String>> WHERE = new EnumMap<>(Map.of(
            Fault.KILL_CONDUCTOR, List.of("3b", "4a", "4b"),
            Fault.RESTART_BROKER, List.of("2", "4b", "6"),
            Fault.RESTART_DATABASE, List.of("0", "4a", "6"),
            Fault.KILL_COMPUTE_MID_UPGRADE, List.of("5.1", "5.2", "5.3")));

    final long seed;
    private final Random random;
    private final Map<Fault, String> plan = new EnumMap<>(Fault.class);
    private final List<Map<String, Object>> done = new ArrayList<>();

    Chaos(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        for (Fault f : Fault.values()) {
            List<String> steps = WHERE.get(f);
            plan.put(f, steps.get(random.nextInt(steps.size())));
        }
    }

    /** The faults planned for the start of step {@code step}, in declaration order. */
    List<Fault> at(String step) {
        List<Fault> out = new ArrayList<>();
        plan.forEach((f, s) -> {
            if (s.equals(step) && f != Fault.KILL_COMPUTE_MID_UPGRADE) {
                out.add(f);
            }
        });
        return out;
    }

    /** Whether the compute upgraded in step {@code step} is killed rather than stopped. */
    boolean killsComputeIn(String step) {
        return plan.get(Fault.KILL_COMPUTE_MID_UPGRADE).equals(step);
    }

    /** A random pause before a fault, so it does not always meet the load at the same point. */
    long delayMs(long maxMs) {
        return (long) (random.nextDouble() * maxMs);
    }

    int pick(int n) {
        return random.nextInt(n);
    }

    /** One line per fault and its step, for the drill's opening lines. */
    String describePlan() {
        StringBuilder b = new StringBuilder();
        plan.forEach((f, s) -> b.append(String.format("drill: chaos: step %-4s %s%n", s, f.what)));
        return b.toString();
    }

    void record(String step, Fault fault, String detail, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("fault", fault.name().toLowerCase(java.util.Locale.ROOT));
        m.put("detail", detail);
        m.put("seconds", Timeline.round(seconds));
        done.add(m);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        Map<String, String> planned = new LinkedHashMap<>();
        plan.forEach((f, s) -> planned.put(f.name().toLowerCase(java.util.Locale.ROOT), s));
        m.put("plan", planned);
        m.put("faults", done);
        return m;
    }

    // ---- the operator-side actions on this machine's real services -------------------------------------

    /** Runs a command, failing with its output when it does not exit 0 within {@code timeoutS}. */
    static String run(long timeoutS, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tandem-drill-chaos-", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The PostgreSQL cluster of this machine, as {@code pg_ctlcluster} names it ("15 main"). */
    static String[] postgresCluster() throws IOException, InterruptedException {
        String listing = run(30, "pg_lsclusters", "-h");
        for (String line : listing.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3 && cols[2].equals("5432")) {
                return new String[] {cols[0], cols[1]};
            }
        }
        throw new IOException("no PostgreSQL cluster on port 5432 in pg_lsclusters: " + listing);
    }
}
