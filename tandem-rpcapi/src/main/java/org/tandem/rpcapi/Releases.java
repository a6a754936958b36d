package org.tandem.rpcapi;

import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.version.Release;

/** The release a service runs as ({@code [DEFAULT] release}, default the current release). */
public final class Releases {
    private Releases() {
    }

    /**
     * The configured release. RPC API rows and object manifests not declared for it fall back to
     * the newest declared release before it (until kilo's rows exist, a kilo service speaks juno).
     */
    public static Release of(Config config) {
        String name = config.get(CommonOptions.RELEASE);
        return name == null ? Release.CURRENT : Release.named(name);
    }
}
