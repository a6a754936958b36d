package org.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tandem.cli.status.UpgradeCheck;
import org.tandem.cli.status.UpgradeChecks;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code bin/nova-status upgrade check} (facts §6.2): runs {@link UpgradeChecks#ALL} and prints
 * one row per check in a single-column table; exits with the highest result (0 Success, 1
 * Warning, 2 Failure) or 255 on an unexpected error.
 */
@Command(name = "nova-status", mixinStandardHelpOptions = true, versionProvider = TandemVersion.class,
        description = "Tandem's nova-status: checks a deployment before, during and after an upgrade.",
        subcommands = {NovaStatusCommand.Upgrade.class, CommandLine.HelpCommand.class})
public final class NovaStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "nova.conf-style file; repeat for several (later files win). Pins and service_down_time "
                    + "are read from it.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--database-connection", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Overrides [database] connection.")
    String databaseConnection;

    @Option(names = "--state-path", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Overrides [DEFAULT] state_path (where the embedded H2 database lives).")
    Path statePath;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Upgrade readiness.",
            subcommands = {Check.class})
    static final class Upgrade implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaStatusCommand root;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Run the upgrade checks: schema, unmigrated data, services older than N-1, down services "
                + "holding an auto pin's floor, pins left after the upgrade.",
                "Exit codes: 0 all succeeded, 1 a warning (read it), 2 a failure (fix it first), 255 unexpected error."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        Upgrade upgrade;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            NovaStatusCommand root = upgrade.root;
            try {
                Config config = Config.loader().configFiles(root.configFiles).load();
                String connection = root.databaseConnection != null ? root.databaseConnection
                        : config.get(CommonOptions.DATABASE_CONNECTION);
                Path state = root.statePath != null ? root.statePath : Path.of(config.get(CommonOptions.STATE_PATH));
                try (Database db = Database.open(connection, state)) {
                    int exit = run(new UpgradeCheck.Context(db, config, db.clock().instant()), UpgradeChecks.ALL, out);
                    out.flush();
                    return exit;
                }
            } catch (RuntimeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                out.println("Error:");
                out.print(trace);
                out.flush();
                return 255;
            }
        }
    }

    /** Runs the checks, prints the table, returns the exit code; package-private for tests. */
    static int run(UpgradeCheck.Context ctx, List<UpgradeCheck> checks, PrintWriter out) {
        PrettyTable table = new PrettyTable("Upgrade Check Results").alignLeft().ruleBetweenRows();
        int exit = 0;
        for (UpgradeCheck c : checks) {
            UpgradeCheck.Result r;
            try {
                r = c.run(ctx);
            } catch (DbException e) {
                r = UpgradeCheck.Result.failure("Cannot check: " + e.getMessage() + " If the schema is missing or "
                        + "old, run `nova-manage db sync` first.");
            }
            exit = Math.max(exit, r.code().exitCode());
            table.addRow("Check: " + c.name() + "\nResult: " + r.code().label() + "\nDetails: "
                    + (r.details() == null ? "None" : String.join("\n", wrap(r.details(), 60, "  "))));
        }
        out.print(table.render());
        return exit;
    }

    /** Word-wraps {@code text} to lines of at most {@code width} characters, indenting all but the first. */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.trim().split("\\s+")) {
            String word = w;
            while (word != null) {
                int avail = width - (lines.isEmpty() ? 0 : indent.length());
                String prefix = lines.isEmpty() ? "" : indent;
                if (line.length() == 0 && word.length() > avail) {
                    lines.add(prefix + word.substring(0, avail));
                    word = word.substring(avail);
                } else if (line.length() == 0) {
                    line.append(word);
                    word = null;
                } else if (line.length() + 1 + word.length() <= avail) {
                    line.append(' ').append(word);
                    word = null;
                } else {
                    lines.add(prefix + line);
                    line.setLength(0);
                }
            }
        }
        if (line.length() > 0) {
            lines.add((lines.isEmpty() ? "" : indent) + line);
        }
        return lines;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new NovaStatusCommand());
    }
}
