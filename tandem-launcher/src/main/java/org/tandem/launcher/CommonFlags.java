package org.tandem.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import picocli.CommandLine.Option;

/** Flags shared by {@code all-in-one} and {@code serve}; they override the config files. */
public final class CommonFlags {
    @Option(names = "--config-file", paramLabel = "FILE",
            description = "nova.conf-style file; repeat for several, later files win.")
    List<Path> configFiles = new ArrayList<>();

    @Option(names = "--state-path", paramLabel = "DIR",
            description = "Overrides [DEFAULT] state_path (embedded H2 database lives here).")
    Path statePath;

    @Option(names = "--release", paramLabel = "R", description = "Overrides [DEFAULT] release (juno, kilo).")
    String release;

    @Option(names = "--transport-url", paramLabel = "URL",
            description = "Overrides [DEFAULT] transport_url, e.g. rabbit://guest:guest@127.0.0.1:5673/")
    String transportUrl;

    @Option(names = "--database-connection", paramLabel = "URL",
            description = "Overrides [database] connection (empty: H2 file under state_path).")
    String databaseConnection;

    /** Loads the config files and applies the flags. */
    public Config load() {
        Config c = Config.loader().configFiles(configFiles).load();
        if (statePath != null) {
            c = c.withOverride(CommonOptions.STATE_PATH, statePath.toString());
        }
        if (release != null) {
            c = c.withOverride(CommonOptions.RELEASE, release);
        }
        if (transportUrl != null) {
            c = c.withOverride(CommonOptions.TRANSPORT_URL, transportUrl);
        }
        if (databaseConnection != null) {
            c = c.withOverride(CommonOptions.DATABASE_CONNECTION, databaseConnection);
        }
        return c;
    }
}
