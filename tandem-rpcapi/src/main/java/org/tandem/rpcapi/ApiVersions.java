package org.tandem.rpcapi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * One release's row: the versions its server registers endpoints for (the manager first, then
     * any proxy for another major, such as kilo's 4.0 compute proxy beside the 3.40 manager), the
     * version its clients put on the target, and the aliases its code knows.
     */
    public record Row(List<Version> endpoints, Version clientDefault, Map<String, Version> aliases) {
        public Row {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("a release row needs at least one server endpoint version");
            }
            endpoints = List.copyOf(endpoints);
            aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        }

        /** The newest version this release's server accepts (and the newest its clients send). */
        public Version server() {
            return endpoints.stream().max(Version::compareTo).orElseThrow();
        }

        /** The version of the endpoint that serves {@code major}, or null when no endpoint does. */
        public Version endpointFor(int major) {
            return endpoints.stream().filter(v -> v.major() == major).findFirst().orElse(null);
        }

        /** Whether a message of {@code version} would be accepted by one of this release's endpoints. */
        public boolean accepts(Version version) {
            return endpoints.stream().anyMatch(e -> e.canServe(version));
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

    /** The releases with a declared row, oldest first. */
    public java.util.Set<Release> declared() {
        return rows.keySet();
    }

    /**
     * The oldest supported release whose server accepts {@code version} (the release a receiver
     * at least runs when a sender is capped there), or the current release when {@code version}
     * is null (no cap).
     */
    public Release oldestAccepting(Version version) {
        if (version == null) {
            return Release.CURRENT;
        }
        for (Map.Entry<Release, Row> e : rows.entrySet()) {
            if (e.getKey().isAtLeast(Release.MIN_SUPPORTED) && e.getValue().accepts(version)) {
                return e.getKey();
            }
        }
        return Release.CURRENT;
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
            return release(release, List.of(server), clientDefault, aliases);
        }

        /** A release whose server registers several endpoints ({@code endpoints}: manager first). */
        public Builder release(Release release, List<Version> endpoints, Version clientDefault,
                Map<String, Version> aliases) {
            if (rows.put(release, new Row(endpoints, clientDefault, aliases)) != null) {
                throw new IllegalArgumentException(api + ": release " + release + " declared twice");
            }
            return this;
        }

        public ApiVersions build() {
            return new ApiVersions(api, rows);
        }
    }
}
