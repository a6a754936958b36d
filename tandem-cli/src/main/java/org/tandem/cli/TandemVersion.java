package org.tandem.cli;

import org.tandem.version.Release;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build and the release it runs as by default. */
final class TandemVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String build = TandemVersion.class.getPackage().getImplementationVersion();
        return new String[] {"Tandem " + (build == null ? "(development build)" : build)
                + ", release " + Release.CURRENT + " (can emulate down to " + Release.MIN_SUPPORTED + ")"};
    }
}
