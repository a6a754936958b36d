package org.tandem.rpcapi;

import java.util.Objects;
import org.tandem.config.Option;

/**
 * An RPC API that {@code [upgrade_levels]} can pin: its name, its option, its per-release versions
 * and the service binary whose versions {@code auto} looks at (the binary that serves the API).
 */
public record PinnedApi(String name, Option<String> option, ApiVersions versions, String binary) {
    public PinnedApi {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(binary, "binary");
    }

    /** {@code [upgrade_levels] compute}. */
    public String optionName() {
        return "[" + option.group() + "] " + option.name();
    }
}
