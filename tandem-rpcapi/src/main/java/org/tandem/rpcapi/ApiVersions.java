package org.tandem.rpcapi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tandem.version.Release;
import org.tandem.version.Version;

/**
 * One RPC API's version facts per release, declared as data: the version its server endpoint
 * implements, the version its clients put on the target by default, and the release aliases
 * ({@code [upgrade_levels]} names) that release's code knows. An alias is a fact about an older
 * release as recorded by a newer one, so aliases are declared per release (facts §1.2).
 */
public final class ApiVersions {
    /** One release's row. */
    public record Row(Version server, Version clientDefault, Map<String, Version> aliases) {
        public Row {
            aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        }
    }

    private final String api;
    private final NavigableMap<Release, Row> rows;

    private ApiVersions(String api, Map<Release, Row> rows) {
        this.api = api;
        this.rows = Collections.unmodifiableNavigableMap(new TreeMap<>(rows));
    }

    public static Builder builder(String api) {
        return new Builder(api);
    }

    public String api() {
        return api;
    }

    /**
     * The row for {@code release}, or for the newest declared release before it (a release whose
     * row is not declared yet behaves as the previous one).
     *
     * @throws IllegalArgumentException when nothing at or before the release is declared
     */
    public Row row(Release release) {
        Map.Entry<Release, Row> e = rows.floorEntry(release);
        if (e == null) {
            throw new IllegalArgumentException("the " + api + " RPC API declares no versions for release " + release
                    + " or earlier; declared: " + rows.keySet());
        }
        return e.getValue();
    }

    /** The release whose row {@link #row} uses for {@code release}. */
    public Release effectiveRelease(Release release) {
        Map.Entry<Release, Row> e = rows.floorEntry(release);
        return e == null ? null : e.getKey();
    }

    /** Collects rows. */
    public static final class Builder {
        private final String api;
        private final Map<Release, Row> rows = new EnumMap<>(Release.class);

        private Builder(String api) {
            this.api = api;
        }

        public Builder release(Release release, Version server, Version clientDefault, Map<String, Version> aliases) {
            if (rows.put(release, new Row(server, clientDefault, aliases)) != null) {
                throw new IllegalArgumentException(api + ": release " + release + " declared twice");
            }
            return this;
        }

        public ApiVersions build() {
            return new ApiVersions(api, rows);
        }
    }
}
