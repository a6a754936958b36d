package org.tandem.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tandem.db.Database;
import org.tandem.db.DbException;
import org.tandem.db.SchemaManager;
import org.tandem.db.SchemaVersions;
import org.tandem.version.Release;
import org.tandem.version.UnknownReleaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code nova-manage db ...}: schema and data maintenance. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database schema and data migration commands.",
        subcommands = {NovaManageDbCommand.Sync.class, NovaManageDbCommand.Version.class, MigrateFlavorDataCommand.class,
            OnlineDataMigrationsCommand.class})
final class NovaManageDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    NovaManageCommand root;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs {@code action} on an open database; database errors print one line on stderr and exit 1. */
    static int withSchema(NovaManageCommand root, CommandSpec spec, SchemaAction action) {
        PrintWriter err = spec.commandLine().getErr();
        try (Database db = root.openDatabase()) {
            return action.run(new SchemaManager(db), spec.commandLine().getOut());
        } catch (DbException | IllegalArgumentException e) {
            err.println("ERROR: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    @FunctionalInterface
    interface SchemaAction {
        int run(SchemaManager schema, PrintWriter out);
    }

    @Command(name = "sync",
            description = {"Upgrade the database schema to the newest version this build knows, or to the one given.",
                "Prints nothing on success. Downgrades are refused: migrations are expand-only."})
    static final class Sync implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaManageDbCommand db;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        // Nova's "db sync --version N", so this command has no --version for the build's version.
        @Option(names = "--version", paramLabel = "N", description = "Schema version to upgrade to (e.g. 254).")
        String version;

        @Option(names = "--release", paramLabel = "R", description = "Upgrade to the schema of this release (e.g. juno).")
        String release;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Integer target = null;
            Release targetRelease = null;
            if (version != null && release != null) {
                err.println("ERROR: give either --version or --release, not both");
                err.flush();
                return 1;
            }
            if (version != null) {
                try {
                    target = Integer.parseInt(version.trim());
                } catch (NumberFormatException e) {
                    err.println("ERROR: version should be an integer (got '" + version + "')");
                    err.flush();
                    return 1;
                }
            }
            if (release != null && release.trim().equalsIgnoreCase(SchemaVersions.NEXT.codename())) {
                // Declared, not shipped: syncing to it checks its preconditions (the homework) first.
                target = SchemaVersions.NEXT.firstVersion();
            } else if (release != null) {
                try {
                    targetRelease = Release.named(release);
                } catch (UnknownReleaseException e) {
                    err.println("ERROR: " + e.getMessage());
                    err.flush();
                    return 1;
                }
            }
            Integer t = target;
            Release r = targetRelease;
            return withSchema(db.root, spec, (schema, out) -> {
                if (t != null) {
                    schema.sync(t);
                } else if (r != null) {
                    schema.sync(r);
                } else {
                    schema.sync();
                }
                return 0;
            });
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true,
            description = "Print the current database schema version (an integer; 215 for an empty database).")
    static final class Version implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        NovaManageDbCommand db;

        @Override
        public Integer call() {
            return withSchema(db.root, spec, (schema, out) -> {
                out.println(schema.currentVersion());
                out.flush();
                return 0;
            });
        }
    }
}
