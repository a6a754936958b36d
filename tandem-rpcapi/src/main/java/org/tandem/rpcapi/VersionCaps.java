package org.tandem.rpcapi;

import java.util.Map;
import org.tandem.config.Config;
import org.tandem.config.Option;
import org.tandem.version.Version;

/** Resolves {@code [upgrade_levels] <api>} into a version cap (facts §1.3). */
public final class VersionCaps {
    private VersionCaps() {
    }

    /**
     * Unset or blank: no cap (null). A release alias the client's release knows: its version.
     * {@code X.Y}: that version. Anything else is refused ({@code auto} is resolved by
     * {@link UpgradeLevels}, which knows the service versions).
     *
     * @throws InvalidVersionCapException naming the option and the valid aliases
     */
    public static Version resolve(Config config, Option<String> option, Map<String, Version> aliases) {
        String value = config.get(option);
        return resolve("[" + option.group() + "] " + option.name(), value, aliases);
    }

    public static Version resolve(String optionName, String value, Map<String, Version> aliases) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Version alias = aliases.get(v.toLowerCase(java.util.Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        if (v.matches("\\d+\\.\\d+(\\.\\d+)?")) {
            return Version.parse(v);
        }
        throw new InvalidVersionCapException(optionName + " = '" + value + "' is not a valid version cap: use a release "
                + "alias " + aliases.keySet() + ", a version such as '3.35', or 'auto'");
    }
}
