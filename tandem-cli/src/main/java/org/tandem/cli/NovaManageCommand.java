package org.tandem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code bin/nova-manage}: Nova-compatible operator commands ({@code db sync}, {@code db version},
 * {@code db migrate_flavor_data} (also at the top level, as the seed spells it),
 * {@code db online_data_migrations} and {@code service list}).
 * Options {@code --config-file} (repeatable, later wins) and {@code --database-connection} are
 * accepted before or after the subcommand.
 */
@Command(name = "nova-manage", mixinStandardHelpOptions = true, versionProvider = TandemVersion.class,
        description = "Tandem's nova-manage: database schema and data maintenance.",
        subcommands = {NovaManageDbCommand.class, MigrateFlavorDataCommand.class, NovaManageServiceCommand.class,
                NovaManageIdentityCommand.class, CommandLine.HelpCommand.class})
public final class NovaManageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "nova.conf-style file; repeat for several (later files win).")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--database-connection", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Overrides [database] connection, e.g. postgresql://nova:PASS@db/nova, "
                    + "mysql+pymysql://nova:PASS@db/nova, jdbc:h2:file:/path/db.")
    String databaseConnection;

    @Option(names = "--state-path", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Overrides [DEFAULT] state_path: where the embedded H2 database is kept when no "
                    + "connection is configured (default: [DEFAULT] state_path).")
    Path statePath;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The config files' settings. */
    Config config() {
        return Config.loader().configFiles(configFiles).load();
    }

    /** Opens the configured database (command-line override, else config files, else embedded H2). */
    Database openDatabase() {
        Config config = config();
        String connection = databaseConnection != null ? databaseConnection
                : config.get(CommonOptions.DATABASE_CONNECTION);
        Path state = statePath != null ? statePath : Path.of(config.get(CommonOptions.STATE_PATH));
        return Database.open(connection, state);
    }

    /** The {@code nova-manage} command a (nested) subcommand runs under. */
    static NovaManageCommand root(CommandSpec spec) {
        for (CommandLine cl = spec.commandLine(); cl != null; cl = cl.getParent()) {
            if (cl.getCommand() instanceof NovaManageCommand root) {
                return root;
            }
        }
        throw new IllegalStateException(spec.name() + " is not registered under nova-manage");
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new NovaManageCommand());
    }
}
