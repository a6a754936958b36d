package org.tandem.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import org.tandem.model.db.migration.FlavorDataMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nova-manage [db] migrate_flavor_data [--max-number N] [--force]}: kilo's flavor data
 * migration (facts §5.4) with the output line of Nova 2015.1.1 and later. Registered both under
 * {@code db} (Nova's place) and at the top level (the seed's spelling).
 */
@Command(name = "migrate_flavor_data", mixinStandardHelpOptions = true,
        description = {"Move instance flavors from system_metadata (juno) into instance_extra.flavor (kilo).",
            "Prints 'N instances matched query, M completed'; rerun until it matches 0. Instances with a task in "
                + "progress, or in ERROR, rescued or resized state, are matched but not migrated unless --force; "
                + "the log names them and says what to do. Each batch commits on its own: the command can be "
                + "interrupted and rerun at any time, with services running.",
            "Without --max-number on a terminal it shows a progress bar with rate and ETA on stderr."})
final class MigrateFlavorDataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--max-number", paramLabel = "<number>", description = "Maximum number of instances to consider "
            + "(default: all).")
    String maxNumber;

    @Option(names = "--force", description = "Force instances to migrate even if they may be performing another "
            + "operation (task in progress, ERROR, rescued or resized). This is potentially dangerous.")
    boolean force;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + FlavorDataMigration.DEFAULT_BATCH_SIZE,
            description = "Instances per transaction (default: ${DEFAULT-VALUE}); each batch locks its instances "
                    + "until it commits.")
    int batchSize;

    @Option(names = "--nice-ratio", paramLabel = "R", defaultValue = "0",
            description = "After each batch, sleep R times as long as the batch took, to leave the database to the "
                    + "running services (default: ${DEFAULT-VALUE}, flat out; 1 about halves the rate and the load).")
    double niceRatio;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Integer max = null;
        if (maxNumber != null) {
            try {
                max = Integer.parseInt(maxNumber.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 0) {
                out.println("Must supply a positive value for max_number");
                out.flush();
                return 1;
            }
        }
        if (batchSize < 1) {
            err.println("ERROR: --batch-size must be at least 1, got " + batchSize);
            err.flush();
            return 1;
        }
        if (!(niceRatio >= 0) || Double.isInfinite(niceRatio)) {
            err.println("ERROR: --nice-ratio must be a number of at least 0, got " + niceRatio);
            err.flush();
            return 1;
        }
        try (Database db = NovaManageCommand.root(spec).openDatabase()) {
            FlavorDataMigration migration = new FlavorDataMigration(db).niceRatio(niceRatio);
            FlavorDataMigration.Report report;
            if (max == null && System.console() != null) {
                try (ProgressBar bar = progressBar(migration.countCandidates())) {
                    report = migration.run(null, force, batchSize, (matched, completed) -> bar.stepTo(matched));
                }
            } else {
                report = migration.run(max, force, batchSize, null);
            }
            for (String line : report.skips().describe()) {
                err.println("WARNING: " + line);
            }
            err.flush();
            out.println(report.matched() + " instances matched query, " + report.completed() + " completed");
            out.flush();
            return 0;
        } catch (DbException e) {
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static ProgressBar progressBar(long total) {
        return new ProgressBarBuilder().setTaskName("Migrating flavors").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" instances", 1).showSpeed()
                .setConsumer(new DelegatingProgressBarConsumer(s -> {
                    System.err.print("\r" + s);
                    System.err.flush();
                })).build();
    }
}
