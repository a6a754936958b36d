package org.tandem.cli.drill;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem drill}: the seed's rolling upgrade, juno to kilo, on a live cluster under load, with a report. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Rehearses the rolling upgrade of the upgrade guide (Steps 0-7) on a cluster of separate "
                + "processes: api, scheduler, 2 conductors, 3 computes, started as juno on the embedded broker and "
                + "an H2 file (or the broker and database given), with instances booted (2 left in ERROR, 1 in "
                + "VERIFY_RESIZE) and a steady API load (boot, show, list, resize, confirm, delete) running through.",
            "Steps: 0 add a conductor; 1 nova-manage db sync (kilo) while juno serves; 2 [upgrade_levels] compute = "
                + "juno and SIGHUP; 3a control services to kilo together, 3b restarted one at a time; 4 watch "
                + "(backports with backport_on_send false, then true); 5 computes to kilo one at a time, resizes "
                + "between juno and kilo hosts; 6 drop the pins, staged restarts; 7 nova-manage migrate_flavor_data "
                + "--max-number 10 until it matches 0, settling the skipped instances.",
            "Prints each operator command with its output, a timeline per step and the checks; exits 1 when a "
                + "check fails (logs kept then), 2 when the drill could not run."})
public final class DrillCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "CI size: 12 instances instead of 30, one load worker instead of two, "
            + "6 s watch windows instead of 20 s.")
    boolean quick;

    @Option(names = "--report", paramLabel = "FILE", description = "Writes the timeline and checks as JSON.")
    Path report;

    @Option(names = "--html", paramLabel = "FILE", description = "Draws the report as one self-contained HTML page "
            + "(inline SVG and CSS, no script, opens from disk): a lane per service with its release over time under "
            + "the steps, requests/s, p99 latency and retried requests per step, backports and migrated rows, the "
            + "checks and the operator commands with their output. Written at the end like --report, also when checks "
            + "fail.")
    Path html;

    @Option(names = "--transport-url", paramLabel = "URL", description = "A broker to use instead of the embedded "
            + "one, e.g. rabbit://guest:guest@127.0.0.1:5672/ (the drill's queues use the exchange 'drill').")
    String transportUrl;

    @Option(names = "--database-connection", paramLabel = "URL", description = "A PostgreSQL or MariaDB server to "
            + "use instead of an H2 file, e.g. postgresql://postgres@127.0.0.1/tandem: a database NAME_<random> is "
            + "created there and dropped afterwards.")
    String databaseConnection;

    @Option(names = "--keep-logs", description = "Keep the cloud's directory (nova.conf, service logs) after a "
            + "passing drill too.")
    boolean keepLogs;

    @Option(names = "--chaos", description = "Faults during the drill, each at the start of a step chosen at "
            + "random: kill -9 a conductor (started again), restart the broker (the embedded one, or RabbitMQ on this "
            + "machine with rabbitmqctl), restart the database server (PostgreSQL with pg_ctlcluster, MariaDB; needs "
            + "root; not applicable to H2), kill -9 a compute mid-upgrade (back as kilo). The checks must still hold.")
    boolean chaos;

    @Option(names = "--chaos-seed", paramLabel = "N", description = "Replays the fault plan of an earlier --chaos run "
            + "(the seed is printed at the start; implies --chaos).")
    Long chaosSeed;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result;
        try (Drill drill = new Drill(quick ? Drill.Profile.QUICK : Drill.Profile.FULL, System.out)) {
            if (chaos || chaosSeed != null) {
                drill.chaos(new Chaos(chaosSeed != null ? chaosSeed : System.nanoTime()));
            }
            result = drill.run(transportUrl, databaseConnection, keepLogs);
        } catch (IllegalStateException e) {
            System.err.println("tandem drill: could not complete: " + e.getMessage());
            return 2;
        }
        if (report != null) {
            Drill.writeReport(result, report);
            System.out.println("drill: report written to " + report);
        }
        if (html != null) {
            HtmlReport.write(result, html);
            System.out.println("drill: page written to " + html);
        }
        boolean passed = Boolean.TRUE.equals(result.get("passed"));
        System.out.println(passed ? "drill: PASSED" : "drill: FAILED (service logs kept in " + result.get("logs") + ")");
        return passed ? 0 : 1;
    }
}
