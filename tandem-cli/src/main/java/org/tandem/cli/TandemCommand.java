package org.tandem.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bin/tandem}: the launcher of every Tandem service and tool. */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemVersion.class,
        description = "Tandem: a compute control plane that upgrades while it runs.",
        subcommands = {ReleasesCommand.class, ConfigCommand.class, org.tandem.launcher.AllInOneCommand.class,
                org.tandem.launcher.ServeCommand.class, org.tandem.cli.drill.DrillCommand.class,
                CommandLine.HelpCommand.class})
public final class TandemCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new TandemCommand());
    }
}
