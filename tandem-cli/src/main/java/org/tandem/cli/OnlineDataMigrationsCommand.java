package org.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.db.Database;
import org.tandem.model.db.migration.OnlineMigration;
import org.tandem.model.db.migration.OnlineMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nova-manage db online_data_migrations [--max-count N]} (facts §6.1): runs every registered
 * {@link OnlineMigrations online migration} in batches and prints how much each had to do.
 */
@Command(name = "online_data_migrations", mixinStandardHelpOptions = true,
        description = {"Run the online data migrations of this release in batches while services run.",
            "Exit codes: 0 nothing left to do; 1 --max-count was reached and more may remain (rerun); "
                + "2 a migration failed (see the log); 127 bad --max-count; 255 unexpected error."})
final class OnlineDataMigrationsCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineDataMigrationsCommand.class);
    /** Batch size without --max-count. */
    static final int DEFAULT_BATCH = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--max-count", paramLabel = "<number>", description = "Maximum number of objects to consider "
            + "(default: run batches of " + DEFAULT_BATCH + " until complete).")
    String maxCount;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Integer max = null;
        if (maxCount != null) {
            try {
                max = Integer.parseInt(maxCount.trim());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1) {
                out.println("Must supply a positive value for max_number");
                out.flush();
                return 127;
            }
        }
        try (Database db = NovaManageCommand.root(spec).openDatabase()) {
            return run(OnlineMigrations.create(db), max, out);
        } catch (org.tandem.db.SchemaException e) {
            // e.g. a juno schema: one line that says what to run, not a stack trace
            PrintWriter err = spec.commandLine().getErr();
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return 1;
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            out.println("An error has occurred:");
            out.print(trace);
            out.flush();
            return 255;
        }
    }

    /** Runs the migrations (in list order) and returns the exit code; package-private for tests. */
    static int run(List<OnlineMigration> migrations, Integer maxCount, PrintWriter out) {
        boolean unlimited = maxCount == null;
        int perBatch = unlimited ? DEFAULT_BATCH : maxCount;
        if (unlimited) {
            out.println("Running batches of " + DEFAULT_BATCH + " until complete");
        }
        Map<String, int[]> totals = new TreeMap<>();
        boolean failed = false;
        int ran;
        int found;
        while (true) {
            ran = 0;
            found = 0;
            for (OnlineMigration m : migrations) {
                OnlineMigration.Result r;
                try {
                    r = m.migrate(perBatch - ran);
                } catch (RuntimeException e) {
                    out.println("Error attempting to run " + m.name());
                    LOG.error("Online data migration {} failed", m.name(), e);
                    failed = true;
                    r = new OnlineMigration.Result(0, 0);
                }
                int[] t = totals.computeIfAbsent(m.name(), k -> new int[2]);
                t[0] += r.found();
                t[1] += r.done();
                if (r.found() > 0) {
                    out.println(r.found() + " rows matched query " + m.name() + ", " + r.done() + " migrated");
                }
                ran += r.done();
                found += r.found();
                if (ran >= perBatch) {
                    break;
                }
            }
            // Migrations continue after what they already looked at (OnlineMigration#migrate), so a batch
            // that only found records it could not migrate yet still moves on; the loop ends when a batch
            // finds nothing (Nova stops at the first batch that migrates nothing, missing later records).
            if (!unlimited || found == 0) {
                break;
            }
        }
        if (!totals.isEmpty()) {
            PrettyTable table = new PrettyTable("Migration", "Total Needed", "Completed");
            totals.forEach((name, t) -> table.addRow(name, t[0], t[1]));
            out.print(table.render());
        }
        out.flush();
        if (failed && (unlimited || ran == 0)) {
            out.println("Some migrations failed unexpectedly. Check log for details.");
            out.flush();
            return 2;
        }
        return !unlimited && ran > 0 ? 1 : 0;
    }
}
