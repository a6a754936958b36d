package org.tandem.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.tandem.version.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tandem releases}: the releases this build can run as. */
@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "Print the releases this build can run as or emulate.")
final class ReleasesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-8s %s%n", "Release", "Role");
        for (Release r : Release.values()) {
            String role = r == Release.CURRENT ? "current (default)" : "previous (--release " + r + ")";
            out.printf("%-8s %s%n", r, role);
        }
        out.flush();
        return 0;
    }
}
